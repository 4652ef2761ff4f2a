import { useState } from 'react';
import { z } from 'zod';
import type { Message } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
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
          <button
            type="button"
            className="btn btn-small"
            disabled={!ready || state.isLoading}
            onClick={() => void retry({ messageId: message.id })}
          >
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

const KeptSource = z.object({
  unreadable: z.object({ reason: z.string() }).optional(),
  truncated: z.array(z.string()).optional(),
  source: z.union([z.object({ sha256: z.string(), size: z.number() }), z.object({ error: z.string() })]).optional(),
});

/**
 * An email the hub could not read (quarantined: unreadable MIME, parse time limit, no usable sender) or had
 * to shorten: says so, and offers the kept raw source as a download. The download needs the session token
 * (Authorization header), so it is fetched and handed to the browser as a blob, never opened as a page.
 */
export function EmailSourceNotice({ message }: Readonly<{ message: Message }>) {
  const session = useAppSelector((s) => s.session.session);
  const [error, setError] = useState<string | null>(null);
  const parsed = KeptSource.safeParse(message.meta['email']);
  if (!parsed.success) return null;
  const { unreadable, truncated, source } = parsed.data;
  if (!unreadable && !(truncated && truncated.length > 0)) return null;
  const kept = source && 'sha256' in source ? source : null;
  const download = async (): Promise<void> => {
    if (!session) return;
    setError(null);
    try {
      const res = await fetch(`${session.hubUrl}/api/email/messages/${message.id}/source`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      if (!res.ok) throw new Error(`the hub answered ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `email-${message.id}.eml`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(`Download failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className={`email-source-notice${unreadable ? ' unreadable' : ''}`} role="note">
      {unreadable ? (
        <strong>Unreadable email — {unreadable.reason}</strong>
      ) : (
        <span>This email was shortened to fit ({truncated?.join(', ')}).</span>
      )}{' '}
      {kept ? (
        <button type="button" className="btn btn-small" disabled={!session} onClick={() => void download()}>
          Download original ({Math.max(1, Math.round(kept.size / 1024))} kB)
        </button>
      ) : (
        <span className="muted small">The original could not be kept{source && 'error' in source ? `: ${source.error}` : ''}.</span>
      )}
      {error && (
        <span className="inline-error small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
