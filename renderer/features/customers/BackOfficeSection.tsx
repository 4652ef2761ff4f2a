import { useState } from 'react';
import type { BackOfficeItem } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useCustomerBackOfficeQuery } from './customerApi';
import { formatWhen } from './dates';

/** Only http(s) links leave the desk; anything else is shown as text. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function ItemRow({ item }: Readonly<{ item: BackOfficeItem }>) {
  const href = safeHttpUrl(item.url);
  const label = `${item.kind} ${item.ref}`;
  return (
    <li className="bo-item">
      <div className="bo-line">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer nofollow">
            {label}
          </a>
        ) : (
          <span>{label}</span>
        )}
        {item.status && <span className="bo-status">{item.status}</span>}
      </div>
      <div className="muted small">{[item.title, item.amount, item.date].filter(Boolean).join(' · ')}</div>
    </li>
  );
}

/** One block per configured connector, in its state: items, a readable error, or why it does not apply. */
export function BackOfficeSection({ customerId }: Readonly<{ customerId: number }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  // After the first "Refresh" the query asks the hub to bypass its connector cache.
  const [refresh, setRefresh] = useState(false);
  const { data, error, isFetching, refetch } = useCustomerBackOfficeQuery({ customerId, refresh }, { skip: !ready });
  if (error) {
    return (
      <p className="inline-error small" role="alert">
        {t('backoffice.unavailable', { error: errorText(error) })}
      </p>
    );
  }
  if (!data) return <p className="muted small">{t('backoffice.loading')}</p>;
  if (data.panels.length === 0) return <p className="muted small">{t('backoffice.none')}</p>;
  return (
    <div className="backoffice" aria-busy={isFetching}>
      {data.panels.map((panel) => (
        <div key={panel.connectorId} className={`bo-panel bo-${panel.state}`}>
          <div className="bo-head">
            <strong>{panel.label}</strong>
            <span className="muted small" title={panel.cached ? t('backoffice.cached') : t('backoffice.fresh')}>
              {formatWhen(panel.fetchedAt)}
            </span>
          </div>
          {panel.state === 'ok' ? (
            panel.items.length === 0 ? (
              <p className="muted small">{t('backoffice.nothing')}</p>
            ) : (
              <ul className="bo-items">
                {panel.items.map((item) => (
                  <ItemRow key={`${item.kind}:${item.ref}`} item={item} />
                ))}
              </ul>
            )
          ) : panel.state === 'error' ? (
            <p className="inline-error small" role="alert">
              {t('backoffice.unreachable', { system: panel.label, error: panel.error ?? t('backoffice.unknownError') })}
            </p>
          ) : (
            <p className="muted small">{panel.error ?? t('backoffice.notApplicable', { system: panel.label })}</p>
          )}
        </div>
      ))}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        disabled={!ready || isFetching}
        onClick={() => (refresh ? void refetch() : setRefresh(true))}
      >
        {t('backoffice.refresh')}
      </button>
    </div>
  );
}
