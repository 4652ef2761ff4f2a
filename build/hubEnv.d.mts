export declare const MALLOC_ARENAS: string;
export declare const HEAP_CEILING_MB: number;
export declare function hubEnv(env?: NodeJS.ProcessEnv, runtime?: 'node' | 'electron'): NodeJS.ProcessEnv;
