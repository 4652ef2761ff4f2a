import { z } from 'zod';
import type { Message } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useEmailRetryMutation } from '../channels/channelApi';

const outboxLabel: Record<string, string> = {
  queued: 'In the outbox',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
};

/** Outbox state of an email the agent sent (pushed as message/new on every change); retry when failed. */
export function EmailStatus({ message }: Readonly<{ message: Message }>) {
  const ready = useHubReady();
  const [retry, state] = useEmailRetryMutation();
  if (!message.status) return null;
  const error = typeof message.meta['error'] === 'string' ? message.meta['error'] : null;
  return (
    <span className={`email-status status-${message.status}`}>
      <span className="outbox-state">{outboxLabel[message.status] ?? message.status}</span>
      {message.status === 'failed' && (
        <>
          {error && <span className="small"> — {error}</span>}{' '}
          <button type="button" className="btn btn-small" disabled={!ready || state.isLoading} onClick={() => void retry({ messageId: message.id })}>
            Retry
          </button>
        </>
      )}
      {state.error && (
        <span className="inline-error small" role="alert">
          {errorText(state.error)}
        </span>
      )}
    </span>
  );
}

const StoredAttachment = z.object({
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number(),
  inline: z.boolean().optional(),
  error: z.string().nullable().optional(),
});
const EmailMetaAttachments = z.object({ attachments: z.array(StoredAttachment) });

/**
 * Files that came with a customer's email: names and sizes only. The hub stores them but has no download
 * route for the desk yet (docs/email.md), so they are listed, not linked.
 */
export function InboundAttachments({ message }: Readonly<{ message: Message }>) {
  const parsed = EmailMetaAttachments.safeParse(message.meta['email']);
  const files = parsed.success ? parsed.data.attachments.filter((a) => !a.inline) : [];
  if (files.length === 0) return null;
  return (
    <ul className="email-attachments" aria-label="Attachments">
      {files.map((a, i) => (
        <li key={`${a.filename ?? 'file'}-${i}`} className="attachment small">
          {a.filename ?? 'unnamed file'} <span className="muted">({Math.max(1, Math.round(a.size / 1024))} kB)</span>
          {a.error && <span className="inline-error"> not stored: {a.error}</span>}
        </li>
      ))}
    </ul>
  );
}
