import { useId } from 'react';
import {
  ackPlaceholders,
  renderAck,
  type AckChannel,
  type AckChannelSettings,
  type AckQueue,
  type AckSettings,
} from '../../../../services/contracts';

type Props = Readonly<{
  settings: AckSettings;
  /** What the preview promises from: the queue as the form has it now (its hours when they validate). */
  queue: AckQueue;
  now: number;
  onChange: (next: AckSettings) => void;
}>;

const channelTitle: Readonly<Record<AckChannel, string>> = { sms: 'Text messages (SMS)', email: 'Email' };

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
  const rows = channel === 'email' ? 5 : 3;
  const preview = value.enabled ? renderAck(value, queue, now, 'SB-1234') : null;
  return (
    <fieldset className="qa-ack-channel">
      <legend>{channelTitle[channel]}</legend>
      <label className="qa-inline">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} />
        Acknowledge the first message of each new conversation
      </label>
      {value.enabled && (
        <>
          <div className="qa-grid">
            <TemplateField label="While open" rows={rows} value={value.open} onChange={(open) => onChange({ ...value, open })} />
            <TemplateField label="While closed" rows={rows} value={value.closed} onChange={(closed) => onChange({ ...value, closed })} />
          </div>
          {preview && (
            <div className="qa-ack-preview" role="status" aria-label={`${channelTitle[channel]} acknowledgement preview`}>
              <span className="muted small">If a message came in now ({preview.openNow ? 'open' : 'closed'}), the customer would get:</span>
              <p>{preview.text}</p>
            </div>
          )}
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
  return (
    <section className="qa-section" aria-labelledby={`${limitId}-title`}>
      <div className="qa-section-head">
        <h3 id={`${limitId}-title`}>Automatic acknowledgements</h3>
        <span className={`qa-status ${anyOn ? 'qa-status-open' : 'qa-status-unknown'}`}>{anyOn ? 'On' : 'Off'}</span>
      </div>
      <p className="muted small">
        A short reply saying when an agent will answer, sent once per new conversation. Never sent to automatic replies, mailing lists,
        our own addresses or numbers that texted STOP.
      </p>
      <ChannelAck channel="sms" value={settings.sms} queue={queue} now={now} onChange={(sms) => onChange({ ...settings, sms })} />
      <ChannelAck channel="email" value={settings.email} queue={queue} now={now} onChange={(email) => onChange({ ...settings, email })} />
      {anyOn && (
        <>
          <p className="muted small qa-ack-placeholders">
            You can use{' '}
            {Object.entries(ackPlaceholders).map(([key, words], i) => (
              <span key={key}>
                {i > 0 && ', '}
                <code>{`{{${key}}}`}</code> ({words})
              </span>
            ))}
            .
          </p>
          <div className="qa-field qa-ack-limit">
            <label htmlFor={limitId}>At most one acknowledgement per customer every (minutes)</label>
            <input
              id={limitId}
              type="number"
              min={1}
              max={10080}
              value={Number.isNaN(settings.perAddressMinutes) ? '' : settings.perAddressMinutes}
              onChange={(e) => onChange({ ...settings, perAddressMinutes: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
            <span className="muted small">Keeps two automatic systems from answering each other.</span>
          </div>
        </>
      )}
    </section>
  );
}
