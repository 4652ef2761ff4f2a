import { useMemo, useState } from 'react';
import { sanitizeEmailHtml } from './emailSanitizer';

type Props = Readonly<{ html: string; text: string; title: string }>;

/** One email's HTML in a fully sandboxed frame; remote images only after a click; plain text if in doubt. */
export function EmailBody({ html, text, title }: Props) {
  const [showImages, setShowImages] = useState(false);
  const result = useMemo(() => sanitizeEmailHtml(html, showImages), [html, showImages]);
  if (!result.safe) {
    return (
      <div className="email-body">
        <div className="email-notice" role="note">
          <span>This message&apos;s formatting could not be shown safely, so it is shown as plain text.</span>
        </div>
        <div className="email-text">{text}</div>
      </div>
    );
  }
  return (
    <div className="email-body">
      {result.blockedImages > 0 && (
        <div className="email-notice" role="note">
          <span>
            {result.blockedImages} remote {result.blockedImages === 1 ? 'image was' : 'images were'} blocked to protect your privacy.
          </span>
          <button type="button" className="btn btn-small" onClick={() => setShowImages(true)}>
            Show images
          </button>
        </div>
      )}
      <div className="email-frame-wrap">
        <iframe className="email-frame" title={title} sandbox="" srcDoc={result.srcDoc} referrerPolicy="no-referrer" />
      </div>
    </div>
  );
}
