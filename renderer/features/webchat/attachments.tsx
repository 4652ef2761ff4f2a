import { VisitorAttachment } from '../../../services/contracts';
import type { Message } from '../../../services/contracts';
import { useAppSelector } from '../../app/hooks';
import { formatFileSize } from '../../common/numbers';
import { useT } from '../../i18n';

const SAFE_IMAGE = new Set(['image/png', 'image/jpeg', 'image/gif']);

/** The chat file a message carries (meta.attachment), validated; anything malformed is ignored. */
export function attachmentOf(message: Message): VisitorAttachment | null {
  const parsed = VisitorAttachment.safeParse(message.meta['attachment']);
  return parsed.success ? parsed.data : null;
}

/**
 * The hub's file URL, only if it stays on the hub under /webchat/files/ (a message cannot point the
 * desk anywhere else). Relative URLs resolve against the hub the agent signed in to.
 */
export function hubFileUrl(url: string, hubUrl: string): string | null {
  try {
    const hub = new URL(hubUrl);
    const resolved = new URL(url, hub);
    if (resolved.origin !== hub.origin || !resolved.pathname.startsWith('/webchat/files/')) return null;
    return resolved.href;
  } catch {
    return null;
  }
}

/** A link (and a thumbnail for plain raster images): never inline HTML/SVG, never a navigation in this window. */
export function ChatAttachment({ attachment }: Readonly<{ attachment: VisitorAttachment }>) {
  const { t } = useT('webchat');
  const hubUrl = useAppSelector((s) => s.session.session?.hubUrl ?? '');
  const href = hubFileUrl(attachment.url, hubUrl);
  if (!href) return <div className="attachment muted small">{t('linkRefused', { name: attachment.name })}</div>;
  return (
    <div className="attachment">
      {SAFE_IMAGE.has(attachment.contentType) && (
        // The named link below is the one for keyboards and screen readers; the preview repeats it for the mouse.
        <a href={href} target="_blank" rel="noopener noreferrer" className="attachment-thumb-link" tabIndex={-1} aria-hidden="true">
          <img className="attachment-thumb" src={href} alt="" loading="lazy" referrerPolicy="no-referrer" />
        </a>
      )}
      <a href={href} target="_blank" rel="noopener noreferrer" download={attachment.name}>
        {attachment.name}
      </a>{' '}
      <span className="muted small">
        {attachment.contentType} · {formatFileSize(attachment.size)}
      </span>
    </div>
  );
}
