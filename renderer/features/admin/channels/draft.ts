/** Reading a redacted section's JSON into form drafts: tolerant of anything missing or odd. */
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);
export const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
/** A redacted secret `{ set: true }`: is one stored? */
export const isSet = (v: unknown): boolean => obj(v).set === true;

/** A number field as typed: blank stays absent (the schema's default or "Required"), else a number. */
export const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** Drops keys whose value is undefined or '' so optional fields left blank are simply absent. */
export function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ''));
}
