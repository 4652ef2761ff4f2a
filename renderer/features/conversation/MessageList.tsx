import { useEffect, useRef } from 'react';
import type { Message } from '../../../services/contracts';
import { formatClock } from '../../common/time';
import { i18n, useT } from '../../i18n';
import { ChatAttachment, attachmentOf } from '../webchat/attachments';
import { authorLabel, eventLabel, isWhisper, type Perspective } from './messageLines';
import './messageLines.css';

/** Delivery states the channels report; an unknown one is shown as the provider names it. */
const DELIVERY_STATES = new Set(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered']);

export function deliveryText(status: string | null): string | null {
  if (!status) return null;
  return DELIVERY_STATES.has(status) ? i18n.t(`delivery.${status}`, { ns: 'conversation' }) : status;
}

/** The delivery line under an outbound message, with the reason when it did not arrive. */
function deliveryLine(m: Message): string | null {
  const text = deliveryText(m.status);
  const reason = typeof m.meta.error === 'string' ? m.meta.error : null;
  return (m.status === 'failed' || m.status === 'undelivered') && reason
    ? i18n.t('delivery.withReason', { ns: 'conversation', status: text, reason })
    : text;
}

/** Chat/SMS thread: plain text only (customer text is never HTML here), newest at the bottom. */
export function MessageList({
  messages,
  customerName,
  showDelivery,
  perspective = 'agent',
  label,
}: Readonly<{ messages: readonly Message[]; customerName: string; showDelivery: boolean; perspective?: Perspective; label?: string }>) {
  const { t } = useT('conversation');
  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);
  // role=log: screen readers announce new messages as they arrive, without moving focus.
  return (
    <div role="log" aria-live="polite" aria-label={t('thread.log')}>
      <ol className="thread" aria-label={label ?? t('thread.messages')}>
        {messages.map((m) => {
          const event = eventLabel(m);
          if (event !== null) {
            // What happened, not what anyone said: a line across the thread, never a customer bubble.
            return (
              <li key={m.id} className="msg-event" data-event={String(m.meta.system)}>
                <span>
                  {event} · <time dateTime={new Date(m.createdAt).toISOString()}>{formatClock(m.createdAt)}</time>
                </span>
              </li>
            );
          }
          const whisper = isWhisper(m);
          return (
            <li key={m.id} className={`msg msg-${m.direction}${whisper ? ' msg-whisper' : ''}`}>
              <div className="msg-meta">
                <span className="msg-author">{authorLabel(m, customerName, perspective)}</span>
                {whisper && <span className="msg-private">{t('thread.private')}</span>}
                <time className="muted" dateTime={new Date(m.createdAt).toISOString()}>
                  {formatClock(m.createdAt)}
                </time>
              </div>
              <div className="msg-body">{m.bodyText}</div>
              {attachmentOf(m) && <ChatAttachment attachment={attachmentOf(m)!} />}
              {showDelivery && m.direction === 'out' && m.status && (
                <div className={`msg-status status-${m.status}`}>{deliveryLine(m)}</div>
              )}
            </li>
          );
        })}
      </ol>
      <div ref={endRef} />
    </div>
  );
}
