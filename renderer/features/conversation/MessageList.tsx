import { useEffect, useRef } from 'react';
import type { Message } from '../../../services/contracts';
import { formatClock } from '../../common/time';
import { ChatAttachment, attachmentOf } from '../webchat/attachments';

const deliveryLabel: Record<string, string> = {
  queued: 'Sending…',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
  undelivered: 'Not delivered',
};

export function deliveryText(status: string | null): string | null {
  if (!status) return null;
  return deliveryLabel[status] ?? status;
}

/** Chat/SMS thread: plain text only (customer text is never HTML here), newest at the bottom. */
export function MessageList({
  messages,
  customerName,
  showDelivery,
}: Readonly<{ messages: readonly Message[]; customerName: string; showDelivery: boolean }>) {
  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);
  // role=log: screen readers announce new messages as they arrive, without moving focus.
  return (
    <div role="log" aria-live="polite" aria-label="Conversation log">
      <ol className="thread" aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id} className={`msg msg-${m.direction}`}>
            <div className="msg-meta">
              <span className="msg-author">{authorLabel(m, customerName)}</span>
              <time className="muted" dateTime={new Date(m.createdAt).toISOString()}>
                {formatClock(m.createdAt)}
              </time>
            </div>
            <div className="msg-body">{m.bodyText}</div>
            {attachmentOf(m) && <ChatAttachment attachment={attachmentOf(m)!} />}
            {showDelivery && m.direction === 'out' && m.status && (
              <div className={`msg-status status-${m.status}`}>{deliveryText(m.status)}</div>
            )}
          </li>
        ))}
      </ol>
      <div ref={endRef} />
    </div>
  );
}

/** Who a line is from, as the agent reads it: supervisors' whispers and barges are named as such. */
function authorLabel(m: Message, customerName: string): string {
  switch (m.direction) {
    case 'in':
      return customerName;
    case 'note':
      return m.meta.kind === 'whisper' ? 'Whisper from your supervisor' : 'Internal note';
    case 'out':
      return m.meta.kind === 'barge' ? 'Supervisor (to customer)' : 'You';
  }
}
