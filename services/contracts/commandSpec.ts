import type { z } from 'zod';
import type { Role } from './domain';

/** One command of a contract table: who may call it, and its input and output schemas. */
export type CommandSpec = Readonly<{ roles: readonly z.infer<typeof Role>[]; input: z.ZodType; output: z.ZodType }>;
export type CommandTable = Readonly<Record<string, CommandSpec>>;
