/**
 * One numbered schema step. Once released it is never edited: add the next number instead. `sql` is
 * SQLite's; PostgreSQL runs `postgres` when given, else `sql` through the mechanical translation
 * (services/store/postgres/ddl.ts). Both engines share the number and the ledger.
 */
export type Migration = Readonly<{ version: number; name: string; sql: string; postgres?: string }>;
