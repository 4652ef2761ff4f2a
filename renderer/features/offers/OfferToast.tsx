import { useEffect, useState } from 'react';
import type { Offer } from '../../../services/contracts';
import { errorText, useAcceptOfferMutation, useQueueListQuery, useRejectOfferMutation } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { useT } from '../../i18n';
import { offerSelectors } from './offersSlice';

/** Why an offer vanished, for the reasons the hub gives; anything newer reads as "withdrawn". */
const REVOKED_REASONS = new Set(['timeout', 'taken', 'abandoned', 'agent_unavailable', 'hub_restart', 'moved']);

/** Incoming work: the oldest-expiring offer, prominent, with Alt+A / Alt+R shortcuts. */
export function OfferToast() {
  const { t } = useT('offers');
  const offers = useAppSelector(offerSelectors.selectAll);
  const lastRevoked = useAppSelector((s) => s.offers.lastRevoked);
  const offer = offers[0];
  return (
    <div className="offer-area">
      {offer && <OfferCard key={offer.offerId} offer={offer} more={offers.length - 1} />}
      <div className="visually-hidden" role="status" aria-live="polite">
        {!offer && lastRevoked
          ? t(`revoked.${REVOKED_REASONS.has(lastRevoked.reason) ? lastRevoked.reason : 'other'}`, { customer: lastRevoked.customer })
          : ''}
      </div>
    </div>
  );
}

function OfferCard({ offer, more }: Readonly<{ offer: Offer; more: number }>) {
  const { t } = useT('offers');
  const ready = useHubReady();
  const now = useNow(250);
  const { data: queues } = useQueueListQuery(undefined, { skip: !ready });
  const [accept, acceptState] = useAcceptOfferMutation();
  const [reject, rejectState] = useRejectOfferMutation();
  const busy = acceptState.isLoading || rejectState.isLoading;
  const disabled = !ready || busy;
  const queueName = queues?.find((q) => q.queue.id === offer.queueId)?.queue.name ?? offer.queueId;
  const left = offer.expiresAt - now;
  // The bar runs from when the offer appeared on this desk to its expiry.
  const [shownAt] = useState(() => Date.now());
  const total = Math.max(1, offer.expiresAt - shownAt);
  const fraction = Math.max(0, Math.min(1, left / total));
  const error = acceptState.error ?? rejectState.error;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey || disabled) return;
      const key = event.key.toLowerCase();
      if (key === 'a' || event.code === 'KeyA') {
        event.preventDefault();
        void accept({ offerId: offer.offerId });
      } else if (key === 'r' || event.code === 'KeyR') {
        event.preventDefault();
        void reject({ offerId: offer.offerId });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [accept, reject, offer.offerId, disabled]);

  return (
    <section
      className={`offer-toast channel-edge-${offer.channel}`}
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="offer-title"
      aria-describedby="offer-detail"
    >
      <div className="offer-head">
        <ChannelBadge channel={offer.channel} />
        <span className="offer-kind">
          {t(offer.reason === 'transfer' ? 'kind.transfer' : offer.reason === 'sticky' ? 'kind.sticky' : 'kind.new')}
        </span>
        <span
          className={`offer-countdown mono${left < 5000 ? ' urgent' : ''}`}
          aria-label={t('secondsLeft', { count: Math.max(0, Math.ceil(left / 1000)) })}
        >
          {formatDuration(left)}
        </span>
      </div>
      <h2 id="offer-title" className="offer-customer">
        {offer.customer.displayName}
      </h2>
      <div id="offer-detail" className="offer-detail">
        <dl className="offer-facts">
          <div>
            <dt>{t('queue')}</dt>
            <dd>{queueName}</dd>
          </div>
          <div>
            <dt>{t('waiting')}</dt>
            <dd className="mono">{formatDuration(now - offer.waitingSince)}</dd>
          </div>
        </dl>
        {offer.subject && <p className="offer-subject">{offer.subject}</p>}
        {offer.preview && <p className="offer-preview">{offer.preview}</p>}
        {offer.transferNote && <p className="offer-note">{t('note', { note: offer.transferNote })}</p>}
      </div>
      <div className="offer-progress" aria-hidden="true">
        <span style={{ width: `${fraction * 100}%` }} />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {errorText(error)}
        </p>
      )}
      <div className="offer-actions">
        <button
          type="button"
          className="btn btn-accept"
          disabled={disabled}
          onClick={() => void accept({ offerId: offer.offerId })}
          aria-keyshortcuts="Alt+A"
        >
          {t('accept')} <kbd>{t('keyAccept')}</kbd>
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => void reject({ offerId: offer.offerId })}
          aria-keyshortcuts="Alt+R"
        >
          {t('reject')} <kbd>{t('keyReject')}</kbd>
        </button>
        {more > 0 && <span className="muted">{t('moreWaiting', { count: more })}</span>}
      </div>
    </section>
  );
}
