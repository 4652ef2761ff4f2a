import type { z } from 'zod';

/** localStorage that never throws (private mode, quota) and validates what it reads back. */
export function readStored<T>(key: string, schema: z.ZodType<T>): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the in-memory state still holds everything for this session.
  }
}
