import type { CommandOutput, Message } from '../../../services/contracts';
import { formatDateTime, formatDuration, useNow } from '../../common/time';
import { EmailBody } from './EmailBody';
import { MessageList, deliveryText } from './MessageList';

type Loaded = CommandOutput<'conversation/get'>;
type PaneProps = Readonly<{ data: Loaded }>;

export function ChatPane({ data }: PaneProps) {
  return (
    <div className="pane pane-chat">
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery={false} />
    </div>
  );
}

const OPT_OUT = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|optout|opt out)\s*[.!]?\s*$/i;

/** The customer texted a carrier opt-out keyword: further texts may be blocked or unlawful. */
export function hasOptedOut(messages: readonly Message[]): boolean {
  const lastOptOut = messages.findLastIndex((m) => m.direction === 'in' && OPT_OUT.test(m.bodyText));
  if (lastOptOut < 0) return false;
  const optedBackIn = messages.slice(lastOptOut + 1).some((m) => m.direction === 'in' && /^\s*(start|unstop|yes)\s*$/i.test(m.bodyText));
  return !optedBackIn;
}

export function SmsPane({ data }: PaneProps) {
  const optedOut = hasOptedOut(data.messages) || data.messages.some((m) => m.meta['optOut'] === true);
  return (
    <div className="pane pane-sms">
      {optedOut && (
        <div className="banner banner-warn" role="alert">
          This customer replied STOP: they have opted out of SMS. Do not text them unless they opt back in (START).
        </div>
      )}
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery />
    </div>
  );
}

export function EmailPane({ data }: PaneProps) {
  return (
    <div className="pane pane-email">
      <ol className="email-thread" aria-label="Email thread">
        {data.messages.map((m) => (
          <li key={m.id} className={`email-item email-${m.direction}`}>
            <header className="email-head">
              <span className="email-from">
                {m.direction === 'in' ? data.customer.displayName : m.direction === 'note' ? 'Internal note' : 'You'}
              </span>
              {m.direction === 'out' && m.status && <span className="muted small">{deliveryText(m.status)}</span>}
              <time className="muted small" dateTime={new Date(m.createdAt).toISOString()}>
                {formatDateTime(m.createdAt)}
              </time>
            </header>
            {m.bodyHtml && m.direction === 'in' ? (
              <EmailBody html={m.bodyHtml} text={m.bodyText} title={`Email from ${data.customer.displayName}`} />
            ) : (
              <div className="email-text">{m.bodyText}</div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Voice controls stay visible so the agent learns where they are, but say why they cannot be used. */
export const voiceUnavailableReason =
  'Calling is not set up on this hub: the voice channel (Twilio) is not configured, so the softphone cannot connect.';

export function VoicePane({ data }: PaneProps) {
  const now = useNow();
  const started = data.conversation.createdAt;
  const reasonId = `voice-reason-${data.conversation.id}`;
  const controls = ['Mute', 'Hold', 'Transfer call', 'Dial pad', 'Hang up'];
  return (
    <div className="pane pane-voice">
      <div className="call-card">
        <div className="call-state">
          <span className="call-label">{data.conversation.state === 'active' ? 'Call in progress' : 'Call'}</span>
          <span className="mono call-timer">{formatDuration(now - started)}</span>
        </div>
        <div className="call-controls" role="toolbar" aria-label="Call controls">
          {controls.map((label) => (
            <button key={label} type="button" className="btn" disabled aria-describedby={reasonId}>
              {label}
            </button>
          ))}
        </div>
        <p id={reasonId} className="banner banner-info">
          {voiceUnavailableReason}
        </p>
      </div>
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery={false} />
    </div>
  );
}
