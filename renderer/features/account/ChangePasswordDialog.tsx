import { useState } from 'react';
import { useHubReady } from '../../app/hooks';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { useT } from '../../i18n';
import { usePasswordChange } from './usePasswordChange';

/** Anyone's own password, from the account menu. Other sessions of theirs end; this desk stays signed in. */
export function ChangePasswordDialog({ onClose, onChanged }: Readonly<{ onClose: () => void; onChanged: () => void }>) {
  const ready = useHubReady();
  const { t } = useT('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, error, busy } = usePasswordChange(onChanged);
  return (
    <Dialog title={t('change.title')} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ current, next, repeat });
        }}
      >
        <label>
          {t('change.current')}
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        </label>
        <label>
          {t('change.new')}
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        </label>
        <label>
          {t('change.repeat')}
          <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
        </label>
        <p className="muted small">{t('change.rule')}</p>
        <DialogFooter
          error={error}
          onCancel={onClose}
          submitLabel={busy ? t('common:saving') : t('change.submit')}
          disabled={!ready || busy || !current || !next || !repeat}
        />
      </form>
    </Dialog>
  );
}
