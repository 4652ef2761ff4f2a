import { useState } from 'react';
import { useT } from '../../../i18n';

/** The embed tag, read-only, with a Copy button that says when it copied (or that it could not). */
export function SnippetBox({ snippet, note }: Readonly<{ snippet: string; note: string }>) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const { t } = useT('admin/channels');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="ch-snippet">
      <div className="ch-snippet-head">
        <h3 id="ch-snippet-title">{t('snippet.title')}</h3>
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          {t('snippet.copy')}
        </button>
        <span className="ch-copied" role="status">
          {copied === 'copied' ? t('snippet.copied') : copied === 'failed' ? t('snippet.copyFailed') : ''}
        </span>
      </div>
      <pre aria-labelledby="ch-snippet-title" tabIndex={0}>
        <code>{snippet}</code>
      </pre>
      <p className="ch-hint">{note}</p>
    </div>
  );
}
