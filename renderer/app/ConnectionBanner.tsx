import { useT } from '../i18n';
import { useAppSelector } from './hooks';

/** Says plainly when the hub is unreachable, and that nothing typed is lost. */
export function ConnectionBanner() {
  const { t } = useT();
  const { status, detail } = useAppSelector((s) => s.connection);
  if (status === 'connected' || status === 'offline') return null;
  const text =
    status === 'connecting'
      ? t('connection.connecting')
      : detail
        ? t('connection.reconnectingWhy', { detail })
        : t('connection.reconnecting');
  return (
    <div className={`connection-banner banner-${status}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {text}
    </div>
  );
}
