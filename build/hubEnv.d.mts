export declare const MALLOC_ARENAS: string;
export declare function hubEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
