import type { CannedResponse } from '../../../services/contracts';

/** The `/query` being typed at the caret: at the start of the text or after white space. */
export function slashQueryAt(text: string, caret: number): Readonly<{ start: number; query: string }> | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([a-z0-9-]{0,32})$/i.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() };
}

/** Shortcut prefix first, then title words, then body text: the order an agent typing `/ref` expects. */
export function matchAnswers(answers: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.trim().toLowerCase();
  if (!q) return answers.slice(0, limit);
  const rank = (a: CannedResponse): number => {
    if (a.shortcut.startsWith(q)) return 0;
    if (
      a.title
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(q))
    )
      return 1;
    if (a.title.toLowerCase().includes(q)) return 2;
    if (a.body.toLowerCase().includes(q)) return 3;
    return 9;
  };
  return answers
    .map((a) => ({ a, r: rank(a) }))
    .filter((x) => x.r < 9)
    .sort((x, y) => x.r - y.r || x.a.shortcut.localeCompare(y.a.shortcut))
    .slice(0, limit)
    .map((x) => x.a);
}
