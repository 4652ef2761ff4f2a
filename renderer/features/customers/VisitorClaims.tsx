import type { Message } from '../../../services/contracts';
import { prechatOf } from '../../../services/contracts/conversationEvents';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useCustomerSuggestionsQuery, useDismissSuggestionMutation, useMergeCustomersMutation } from './customerApi';
import './visitorClaims.css';

/** Suggestions the hub raised from a pre-chat form start with this (services/channels/webchat/prechatMatch.ts). */
const PRECHAT_REASON = 'web chat pre-chat form';

/**
 * What an anonymous chat visitor typed before the chat (name, email, phone), shown as their claim: marked
 * unverified, because anyone can type anyone's address. When it names a customer we know, the match is
 * offered as a link the agent confirms (a merge that can be undone), never made on the claim alone.
 */
export function VisitorClaims({ customerId, messages }: Readonly<{ customerId: number; messages: readonly Message[] }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const claim = prechatOf(messages);
  const typed = claim && !claim.verified && (claim.name || claim.email || claim.phone) ? claim : null;
  const suggestions = useCustomerSuggestionsQuery(customerId, { skip: !ready || typed === null });
  const [merge, mergeState] = useMergeCustomersMutation();
  const [dismiss, dismissState] = useDismissSuggestionMutation();
  if (!typed) return null;
  const matches = (suggestions.data ?? []).filter((s) => s.status === 'open' && s.reason.startsWith(PRECHAT_REASON));
  const busy = !ready || mergeState.isLoading || dismissState.isLoading;
  const error = mergeState.error ?? dismissState.error;
  const facts: Array<[string, string | null]> = [
    [t('claims.name'), typed.name],
    [t('claims.email'), typed.email],
    [t('claims.phone'), typed.phone],
  ];
  return (
    <section className="visitor-claims" aria-labelledby="visitor-claims-title">
      <h3 id="visitor-claims-title" className="visitor-claims-title">
        {t('claims.title')} <span className="unverified-tag">{t('claims.unverified')}</span>
      </h3>
      <dl className="visitor-claims-facts">
        {facts
          .filter((f): f is [string, string] => f[1] !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {matches.map((s) => {
        const other = s.customerA.id === customerId ? s.customerB : s.customerA;
        return (
          <div key={s.id} className="visitor-claims-match">
            <p className="small">
              {t('claims.matches')} <strong>{other.displayName}</strong> <span className="muted">#{other.id}</span>.{' '}
              {t('claims.confirmFirst')}
            </p>
            <div className="dup-actions">
              <button
                type="button"
                className="btn btn-small btn-primary"
                disabled={busy}
                onClick={() =>
                  void merge({
                    survivorId: Math.min(customerId, other.id),
                    mergedId: Math.max(customerId, other.id),
                    suggestionId: s.id,
                    reason: `Agent confirmed the chat visitor is ${other.displayName}: ${s.reason}`.slice(0, 500),
                  })
                }
              >
                {t('claims.link', { name: other.displayName })}
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
          </div>
        );
      })}
      {error && (
        <p className="inline-error small" role="alert">
          {errorText(error)}
        </p>
      )}
    </section>
  );
}
