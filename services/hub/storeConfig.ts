import { z } from 'zod';

/**
 * Where the hub keeps its data (docs/configuration.md, `store`). Absent: SQLite in `dbFile`, as always.
 * PostgreSQL is team mode: several hubs on one database.
 */
export const StoreConfig = z.discriminatedUnion('engine', [
  z.strictObject({
    engine: z.literal('sqlite'),
    /** The SQLite file; defaults to `dbFile`. */
    path: z
      .string()
      .min(1)
      .refine((f) => f !== ':memory:', 'use a file: the hub needs WAL readers')
      .optional(),
  }),
  z.strictObject({
    engine: z.literal('postgres'),
    /** postgres://user:password@host:port/database (libpq URL; sslmode and the like as query parameters). */
    url: z
      .string()
      .min(1)
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'expected a postgres:// URL'),
    pool: z.strictObject({ max: z.number().int().min(1).max(200).default(10) }).optional(),
  }),
]);
export type StoreConfig = z.output<typeof StoreConfig>;
