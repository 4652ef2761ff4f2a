/** One numbered schema step. Once released it is never edited: add the next number instead. */
export type Migration = Readonly<{ version: number; name: string; sql: string }>;
