/** Parses a JSON column written by this hub; a corrupt value degrades to the fallback instead of throwing. */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
