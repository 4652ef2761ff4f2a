import { useState } from 'react';
import { useHubReady } from '../../app/hooks';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { usePasswordChange } from './usePasswordChange';

/** Anyone's own password, from the account menu. Other sessions of theirs end; this desk stays signed in. */
export function ChangePasswordDialog({ onClose, onChanged }: Readonly<{ onClose: () => void; onChanged: () => void }>) {
  const ready = useHubReady();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, error, busy } = usePasswordChange(onChanged);
  return (
    <Dialog title="Change your password" onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ current, next, repeat });
        }}
      >
        <label>
          Current password
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        </label>
        <label>
          New password
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        </label>
        <label>
          New password again
          <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
        </label>
        <p className="muted small">At least 8 characters. Your other signed-in windows and devices will be signed out.</p>
        <DialogFooter
          error={error}
          onCancel={onClose}
          submitLabel={busy ? 'Saving…' : 'Change password'}
          disabled={!ready || busy || !current || !next || !repeat}
        />
      </form>
    </Dialog>
  );
}
