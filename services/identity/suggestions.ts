import { HubError, type DuplicateSuggestion, type IdentityKind } from '../contracts';
import type { Connection } from '../store/store';
import { closeOpenSuggestion, getSuggestion, insertSuggestion, openSuggestionId, setSuggestionStatus } from './repo';

/**
 * Records "these two records may be one person" with the reason; never merges. One open suggestion per
 * pair: a second reason for the same pair returns the existing one.
 */
export async function raiseSuggestion(
  tx: Connection,
  x: number,
  y: number,
  reason: string,
  identity: Readonly<{ kind: IdentityKind; value: string }> | null,
  at: number,
): Promise<DuplicateSuggestion> {
  const [a, b] = x < y ? [x, y] : [y, x];
  const id = (await openSuggestionId(tx, a, b)) ?? (await insertSuggestion(tx, a, b, reason, identity, at));
  const suggestion = await getSuggestion(tx, id);
  if (!suggestion) throw new Error('suggestion insert lost its row');
  return suggestion;
}

export async function resolveSuggestion(
  tx: Connection,
  id: number,
  status: 'merged' | 'dismissed',
  byAgentId: number | null,
  at: number,
): Promise<DuplicateSuggestion> {
  const current = await getSuggestion(tx, id);
  if (!current) throw new HubError('not_found', `suggestion ${id} not found`);
  if (current.status !== 'open') throw new HubError('conflict', `suggestion ${id} is already ${current.status}`);
  await setSuggestionStatus(tx, id, status, byAgentId, at);
  return { ...current, status, resolvedAt: at };
}

/** Closes the open suggestion for a pair, if any (the pair was merged by other means). */
export async function closePairSuggestion(tx: Connection, x: number, y: number, byAgentId: number | null, at: number): Promise<void> {
  const [a, b] = x < y ? [x, y] : [y, x];
  await closeOpenSuggestion(tx, a, b, byAgentId, at);
}
