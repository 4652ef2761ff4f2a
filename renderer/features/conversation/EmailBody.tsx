import { useMemo, useState } from 'react';
import { sanitizeEmailHtml } from './emailSanitizer';

/** One email's HTML in a fully sandboxed frame; remote images only after a click. */
export function EmailBody({ html, title }: Readonly<{ html: string; title: string }>) {
  const [showImages, setShowImages] = useState(false);
  const { srcDoc, blockedImages } = useMemo(() => sanitizeEmailHtml(html, showImages), [html, showImages]);
  return (
    <div className="email-body">
      {blockedImages > 0 && (
        <div className="email-notice" role="note">
          <span>
            {blockedImages} remote {blockedImages === 1 ? 'image was' : 'images were'} blocked to protect your privacy.
          </span>
          <button type="button" className="btn btn-small" onClick={() => setShowImages(true)}>
            Show images
          </button>
        </div>
      )}
      <div className="email-frame-wrap">
        <iframe className="email-frame" title={title} sandbox="" srcDoc={srcDoc} referrerPolicy="no-referrer" />
      </div>
    </div>
  );
}
