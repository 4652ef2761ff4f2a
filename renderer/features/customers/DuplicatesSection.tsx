import { useState } from 'react';
import type { CommandOutput, MergeRecord } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import {
  useCustomerSuggestionsQuery,
  useDismissSuggestionMutation,
  useMergeCustomersMutation,
  useUnmergeCustomersMutation,
} from './customerApi';
import { formatWhen } from './dates';

type Loaded360 = CommandOutput<'customer/get'>;

const RECENT_MS = 10 * 60_000;

/**
 * Possible duplicates of this customer and merges that can still be undone. Merging keeps the record on
 * screen as the survivor; undo (customer/unmerge) puts back exactly what the merge moved.
 */
export function DuplicatesSection({ customerId, data }: Readonly<{ customerId: number; data: Loaded360 }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const suggestions = useCustomerSuggestionsQuery(customerId, { skip: !ready });
  const [merge, mergeState] = useMergeCustomersMutation();
  const [unmerge, unmergeState] = useUnmergeCustomersMutation();
  const [dismiss, dismissState] = useDismissSuggestionMutation();
  const me = useAppSelector((s) => s.session.session?.agent.id ?? null);
  const [merged, setJustMerged] = useState<MergeRecord | null>(null);
  // The merge this agent just made stays undoable at the top even when the view re-mounts on the
  // survivor (the open conversation moves to it): it is read back from the record's merge history.
  const justMerged =
    merged ??
    data.merges.find((m) => m.undoneAt === null && m.survivorId === customerId && m.byAgentId === me && Date.now() - m.at < RECENT_MS) ??
    null;
  const busy = !ready || mergeState.isLoading || unmergeState.isLoading || dismissState.isLoading;
  const open = (suggestions.data ?? []).filter((s) => s.status === 'open');
  const undoable = data.merges.filter((m) => m.undoneAt === null && m.survivorId === customerId && m.id !== justMerged?.id);
  const error = mergeState.error ?? unmergeState.error ?? dismissState.error ?? suggestions.error;

  // The older record survives (as with the hub's merge rules): it usually carries the history.
  const doMerge = async (otherId: number, suggestionId: number, reason: string): Promise<void> => {
    const survivorId = Math.min(customerId, otherId);
    const mergedId = Math.max(customerId, otherId);
    try {
      const record = await merge({ survivorId, mergedId, suggestionId, reason: `Agent confirmed: ${reason}`.slice(0, 500) }).unwrap();
      setJustMerged(record);
    } catch {
      // shown below
    }
  };
  const undo = async (mergeId: number): Promise<void> => {
    try {
      await unmerge({ mergeId, reason: 'Undone by the agent from the customer panel' }).unwrap();
      setJustMerged(null);
    } catch {
      // shown below
    }
  };

  return (
    <div className="duplicates">
      {justMerged && (
        <div className="banner banner-info small" role="status">
          {t('duplicates.merged', { merged: justMerged.mergedId, survivor: justMerged.survivorId })}{' '}
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void undo(justMerged.id)}>
            {t('duplicates.undoMerge')}
          </button>
        </div>
      )}
      {open.length === 0 && !justMerged && <p className="muted small">{t('duplicates.none')}</p>}
      <ul className="dup-list" aria-label={t('section.duplicates')}>
        {open.map((s) => {
          const other = s.customerA.id === customerId ? s.customerB : s.customerA;
          return (
            <li key={s.id} className="dup">
              <div>
                <strong>{other.displayName}</strong> <span className="muted small">#{other.id}</span>
              </div>
              <div className="small">{s.reason}</div>
              <div className="dup-actions">
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  disabled={busy}
                  onClick={() => void doMerge(other.id, s.id, s.reason)}
                >
                  {t('duplicates.merge')}
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void dismiss({ suggestionId: s.id, customerId })}
                >
                  {t('duplicates.notSame')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {undoable.length > 0 && (
        <details className="merge-history">
          <summary className="small">{t('duplicates.earlier', { count: undoable.length })}</summary>
          <ul className="dup-list">
            {undoable.map((m) => (
              <li key={m.id} className="dup small">
                {t('duplicates.earlierLine', { merged: m.mergedId, at: formatWhen(m.at), reason: m.reason })}{' '}
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => void undo(m.id)}>
                  {t('duplicates.undo')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {error && (
        <p className="inline-error small" role="alert">
          {errorText(error)}
        </p>
      )}
    </div>
  );
}
