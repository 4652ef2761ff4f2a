import { useMemo, useState } from 'react';
import { useT } from '../../i18n';
import { sanitizeEmailHtml } from './emailSanitizer';

type Props = Readonly<{ html: string; text: string; title: string }>;

/** One email's HTML in a fully sandboxed frame; remote images only after a click; plain text if in doubt. */
export function EmailBody({ html, text, title }: Props) {
  const { t, i18n } = useT('conversation');
  const [showImages, setShowImages] = useState(false);
  // The frame's own words (blocked-image text, link tooltips) are in the language in use: rebuilt when it changes.
  const result = useMemo(() => sanitizeEmailHtml(html, showImages), [html, showImages, i18n.language]);
  if (!result.safe) {
    return (
      <div className="email-body">
        <div className="email-notice" role="note">
          <span>{t('email.unsafe')}</span>
        </div>
        <div className="email-text">{text}</div>
      </div>
    );
  }
  return (
    <div className="email-body">
      {result.blockedImages > 0 && (
        <div className="email-notice" role="note">
          <span>{t('email.blocked', { count: result.blockedImages })}</span>
          <button type="button" className="btn btn-small" onClick={() => setShowImages(true)}>
            {t('email.showImages')}
          </button>
        </div>
      )}
      <div className="email-frame-wrap">
        <iframe className="email-frame" title={title} sandbox="" srcDoc={result.srcDoc} referrerPolicy="no-referrer" />
      </div>
    </div>
  );
}
