/**
 * The FTS5 query ftsQuery builds (`"word"* "other"*`: every quoted word must match, each as a prefix when
 * starred) as a PostgreSQL tsquery with the same meaning, for the `simple` + unaccent documents of
 * migration 0002. A quoted word that holds several tokens (o'brien, e-mail) is a phrase, as in FTS5:
 * `'o' <-> 'brien':*`. Tokens are letters, digits and marks, what FTS5's unicode61 keeps; everything else
 * separates, as it does in the indexed documents. Null when nothing searchable is left.
 */
export function tsQueryFromFts(match: string): string | null {
  const phrases: string[] = [];
  for (const m of match.matchAll(/"([^"]*)"(\*?)/g)) {
    const tokens = (m[1] ?? '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}\p{M}]+/u)
      .filter((t) => t.length > 0);
    if (tokens.length === 0) continue;
    const last = tokens.length - 1;
    phrases.push(tokens.map((t, i) => `'${t}'${i === last && m[2] ? ':*' : ''}`).join(' <-> '));
  }
  return phrases.length > 0 ? phrases.join(' & ') : null;
}
