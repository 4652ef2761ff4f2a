import { useState } from 'react';
import { Dialog } from '../../../common/Dialog';

/** A secret the hub will never show again: shown once, with a copy button and a plain warning. */
export function SecretOnce({ title, secret, onClose }: Readonly<{ title: string; secret: string; onClose: () => void }>) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">
        <p className="pa-warning">Copy it now. It is shown only this once; if it is lost, make a new one and remove this one.</p>
        <output className="pa-secret mono" aria-label="Secret">
          {secret}
        </output>
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="btn"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied(true);
            } catch {
              // No clipboard permission: the secret stays on screen to copy by hand.
              setCopied(false);
            }
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
