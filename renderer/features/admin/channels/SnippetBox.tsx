import { useState } from 'react';

/** The embed tag, read-only, with a Copy button that says when it copied (or that it could not). */
export function SnippetBox({ snippet, note }: Readonly<{ snippet: string; note: string }>) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
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
        <h3 id="ch-snippet-title">Embed on your website</h3>
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          Copy
        </button>
        <span className="ch-copied" role="status">
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Could not copy; select the text and copy it' : ''}
        </span>
      </div>
      <pre aria-labelledby="ch-snippet-title" tabIndex={0}>
        <code>{snippet}</code>
      </pre>
      <p className="ch-hint">{note}</p>
    </div>
  );
}
