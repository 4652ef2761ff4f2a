import type { z } from 'zod';

/**
 * A config the hub refuses to start with, named by its key path ("email.mailboxes[0].port") so the one
 * line a user reads says where to look. `source` is the file the value came from, when one did.
 */
export class ConfigError extends Error {
  constructor(
    readonly keyPath: string,
    readonly problem: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${keyPath || '(top level)'}: ${problem}`);
    this.name = 'ConfigError';
  }

  /** The same problem, said of the file it came from. */
  inFile(file: string): ConfigError {
    return new ConfigError(this.keyPath, this.problem, file);
  }
}

/** `email.mailboxes[0].port` from zod's path segments under a prefix. */
export function keyPath(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of [...prefix, ...path]) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** The first issue of a failed parse as a ConfigError (one line; the rest usually follow from it). */
export function configErrorFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigError {
  const issue = error.issues[0];
  if (!issue) return new ConfigError(keyPath(prefix, []), 'invalid');
  if (issue.code === 'unrecognized_keys') {
    const [first] = issue.keys;
    const more = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : '';
    return new ConfigError(
      keyPath(prefix, [...issue.path, first ?? '']),
      `unknown key${more}; check its spelling against the documented keys`,
    );
  }
  return new ConfigError(keyPath(prefix, issue.path), issue.message);
}

/** Parse or throw a ConfigError naming the key path. */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw configErrorFromZod(parsed.error, prefix);
  return parsed.data;
}
