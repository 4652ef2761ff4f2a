/**
 * The highest ids in use (see ingestLookups). Inside the writer's transaction nobody else inserts, so a batch
 * may number its own rows from here exactly as SQLite would (INTEGER PRIMARY KEY without AUTOINCREMENT
 * takes max + 1).
 */
export type RowIds = { customer: number; conversation: number; message: number };
