import { useEffect, useRef, useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { roleLabel } from '../admin/common/format';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import './account.css';

/** The signed-in name as a small menu (beside "Sign out"): the account's own settings live here. */
export function AccountMenu() {
  const session = useAppSelector((s) => s.session.session);
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent): void => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  if (!session) return null;
  return (
    <div className="account-menu" ref={ref}>
      <button
        type="button"
        className="btn btn-ghost account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`Signed in to ${session.hubUrl} as ${session.agent.username}`}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        {session.agent.displayName} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="account-popover" role="menu" aria-label="Your account">
          <div className="account-who">
            <strong>{session.agent.displayName}</strong>
            <span className="muted small">
              {session.agent.username} · {roleLabel(session.agent.role)}
            </span>
          </div>
          <button
            type="button"
            role="menuitem"
            className="account-item"
            autoFocus
            onClick={() => {
              setOpen(false);
              setChanging(true);
            }}
            onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
          >
            Change password…
          </button>
        </div>
      )}
      {notice && (
        <span className="account-notice" role="status">
          {notice}
        </span>
      )}
      {changing && (
        <ChangePasswordDialog
          onClose={() => setChanging(false)}
          onChanged={() => {
            setChanging(false);
            setNotice('Password changed. Your other sessions were signed out.');
          }}
        />
      )}
    </div>
  );
}
