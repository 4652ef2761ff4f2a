import { useAppSelector } from './hooks';

/** Says plainly when the hub is unreachable, and that nothing typed is lost. */
export function ConnectionBanner() {
  const { status, detail } = useAppSelector((s) => s.connection);
  if (status === 'connected' || status === 'offline') return null;
  const text =
    status === 'connecting'
      ? 'Connecting to the hub…'
      : `Reconnecting to the hub… ${detail ? `(${detail}) ` : ''}Actions are paused; everything you type is kept.`;
  return (
    <div className={`connection-banner banner-${status}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {text}
    </div>
  );
}
