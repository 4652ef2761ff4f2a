import { useState } from 'react';
import { z } from 'zod';
import type { Message } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { useEmailRetryMutation } from '../channels/channelApi';
import { formatKiloBytes } from '../../common/numbers';
import { useT } from '../../i18n';

/** Outbox states with words; an unknown one is shown as the hub names it. */
const OUTBOX_STATES = new Set(['queued', 'sending', 'sent', 'failed']);

/** Outbox state of an email the agent sent (pushed as message/new on every change); retry when failed. */
export function EmailStatus({ message }: Readonly<{ message: Message }>) {
  const { t } = useT('email');
  const ready = useHubReady();
  const [retry, state] = useEmailRetryMutation();
  if (!message.status) return null;
  const error = typeof message.meta['error'] === 'string' ? message.meta['error'] : null;
  return (
    <span className={`email-status status-${message.status}`}>
      <span className="outbox-state">{OUTBOX_STATES.has(message.status) ? t(`outbox.${message.status}`) : message.status}</span>
      {message.status === 'failed' && (
        <>
          {error && <span className="small"> — {error}</span>}{' '}
          <button
            type="button"
            className="btn btn-small"
            disabled={!ready || state.isLoading}
            onClick={() => void retry({ messageId: message.id })}
          >
            {t('outbox.retry')}
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
  const { t } = useT('email');
  const parsed = EmailMetaAttachments.safeParse(message.meta['email']);
  const files = parsed.success ? parsed.data.attachments.filter((a) => !a.inline) : [];
  if (files.length === 0) return null;
  return (
    <ul className="email-attachments" aria-label={t('files.attachments')}>
      {files.map((a, i) => (
        <li key={`${a.filename ?? 'file'}-${i}`} className="attachment small">
          {a.filename ?? t('files.unnamed')} <span className="muted">({formatKiloBytes(a.size)})</span>
          {a.error && <span className="inline-error"> {t('files.notStored', { error: a.error })}</span>}
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
  const { t } = useT('email');
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
      if (!res.ok) throw new Error(t('source.hubAnswered', { status: res.status }));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `email-${message.id}.eml`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(t('source.downloadFailed', { error: (e as Error).message }));
    }
  };
  return (
    <div className={`email-source-notice${unreadable ? ' unreadable' : ''}`} role="note">
      {unreadable ? (
        <strong>{t('source.unreadable', { reason: unreadable.reason })}</strong>
      ) : (
        <span>{t('source.shortened', { parts: truncated?.join(', ') ?? '' })}</span>
      )}{' '}
      {kept ? (
        <button type="button" className="btn btn-small" disabled={!session} onClick={() => void download()}>
          {t('source.download', { size: formatKiloBytes(kept.size) })}
        </button>
      ) : (
        <span className="muted small">
          {source && 'error' in source ? t('source.notKeptWhy', { error: source.error }) : t('source.notKept')}
        </span>
      )}
      {error && (
        <span className="inline-error small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
