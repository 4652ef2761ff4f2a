import { useId } from 'react';
import {
  ackPlaceholders,
  hoursStatus,
  renderAck,
  type AckChannel,
  type AckChannelSettings,
  type AckQueue,
  type AckSettings,
} from '../../../../services/contracts';
import { useT } from '../../../i18n';

type Props = Readonly<{
  settings: AckSettings;
  /** What the preview promises from: the queue as the form has it now (its hours when they validate). */
  queue: AckQueue;
  now: number;
  onChange: (next: AckSettings) => void;
}>;

function TemplateField({
  label,
  value,
  rows,
  onChange,
}: Readonly<{ label: string; value: string; rows: number; onChange: (v: string) => void }>) {
  const id = useId();
  return (
    <div className="qa-field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} maxLength={1600} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function ChannelAck({
  channel,
  value,
  queue,
  now,
  onChange,
}: Readonly<{ channel: AckChannel; value: AckChannelSettings; queue: AckQueue; now: number; onChange: (v: AckChannelSettings) => void }>) {
  const rows = channel === 'email' ? 7 : 3;
  const { t } = useT('admin/queues');
  const title = t(`ack.channel.${channel}`);
  // Both wordings as a customer would get them: now, and at the next change (after closing, or after opening).
  const status = hoursStatus(queue.hours, now);
  const other = status.open ? status.closesAt : status.opensAt;
  const previews = value.enabled
    ? [
        { when: status.open ? t('ack.nowOpen') : t('ack.nowClosed'), text: renderAck(value, queue, now, 'SB-1234').text },
        ...(other === null
          ? []
          : [
              {
                when: status.open ? t('ack.afterClosing') : t('ack.afterOpening'),
                text: renderAck(value, queue, other + 60_000, 'SB-1234').text,
              },
            ]),
      ]
    : [];
  return (
    <fieldset className="qa-ack-channel">
      <legend>{title}</legend>
      <label className="qa-inline">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} />
        {t('ack.enable')}
      </label>
      {value.enabled && (
        <>
          <div className="qa-grid">
            <TemplateField label={t('ack.whileOpen')} rows={rows} value={value.open} onChange={(open) => onChange({ ...value, open })} />
            <TemplateField
              label={t('ack.whileClosed')}
              rows={rows}
              value={value.closed}
              onChange={(closed) => onChange({ ...value, closed })}
            />
          </div>
          <div className="qa-ack-previews" role="status" aria-label={t('ack.previewLabel', { channel: title })}>
            {previews.map((p) => (
              <div key={p.when} className="qa-ack-preview">
                <span className="muted small">{t('ack.wouldGet', { when: p.when })}</span>
                <p>{p.text}</p>
              </div>
            ))}
            {other === null && status.open && <p className="muted small">{t('ack.alwaysOpen')}</p>}
          </div>
        </>
      )}
    </fieldset>
  );
}

/**
 * The queue's automatic acknowledgements, saved with the queue. The preview uses the same rendering as the
 * hub, so what it shows is what a customer gets if they write now.
 */
export function AcknowledgementsSection({ settings, queue, now, onChange }: Props) {
  const limitId = useId();
  const anyOn = settings.sms.enabled || settings.email.enabled;
  const { t } = useT('admin/queues');
  return (
    <section className="qa-section" aria-labelledby={`${limitId}-title`}>
      <div className="qa-section-head">
        <h3 id={`${limitId}-title`}>{t('ack.title')}</h3>
        <span className={`qa-status ${anyOn ? 'qa-status-open' : 'qa-status-unknown'}`}>{anyOn ? t('ack.on') : t('ack.off')}</span>
      </div>
      <p className="muted small">{t('ack.intro')}</p>
      <ChannelAck channel="sms" value={settings.sms} queue={queue} now={now} onChange={(sms) => onChange({ ...settings, sms })} />
      <ChannelAck channel="email" value={settings.email} queue={queue} now={now} onChange={(email) => onChange({ ...settings, email })} />
      {anyOn && (
        <>
          <div className="qa-ack-placeholders">
            <span className="muted small">{t('ack.placeholders')}</span>
            <dl>
              {Object.entries(ackPlaceholders).map(([key, words]) => (
                <div key={key}>
                  <dt>
                    <code>{`{{${key}}}`}</code>
                  </dt>
                  <dd className="small">{t(`ack.placeholder.${key.replace('.', '_')}`, { defaultValue: words })}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="qa-field qa-ack-limit">
            <label htmlFor={limitId}>{t('ack.limit')}</label>
            <input
              id={limitId}
              type="number"
              min={1}
              max={10080}
              value={Number.isNaN(settings.perAddressMinutes) ? '' : settings.perAddressMinutes}
              onChange={(e) => onChange({ ...settings, perAddressMinutes: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
            <span className="muted small">{t('ack.limitHint')}</span>
          </div>
        </>
      )}
    </section>
  );
}
