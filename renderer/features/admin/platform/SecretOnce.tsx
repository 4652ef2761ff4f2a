import { useState } from 'react';
import { Dialog } from '../../../common/Dialog';
import { useT } from '../../../i18n';

/** A secret the hub will never show again: shown once, with a copy button and a plain warning. */
export function SecretOnce({ title, secret, onClose }: Readonly<{ title: string; secret: string; onClose: () => void }>) {
  const [copied, setCopied] = useState(false);
  const { t } = useT('admin/platform');
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">
        <p className="pa-warning">{t('secret.warning')}</p>
        <output className="pa-secret mono" aria-label={t('secret.label')}>
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
          {copied ? t('secret.copied') : t('secret.copy')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('secret.done')}
        </button>
      </div>
    </Dialog>
  );
}
