import { useEffect, useRef, useState } from 'react';
import { useAppSelector } from '../../app/hooks';
import { roleText } from '../../common/labels';
import { chooseLanguage, LANGUAGE_NAMES } from '../../common/language';
import { currentLanguage, SUPPORTED_LANGUAGES, useT } from '../../i18n';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import './account.css';

/** Symbols, not words: the same in every language (screen readers skip them, the items say it in words). */
const MENU_ARROW = '▾';
const CHECK_MARK = '✓';

/** The signed-in name as a small menu (beside "Sign out"): the account's own settings live here. */
export function AccountMenu() {
  const { t } = useT('account');
  const session = useAppSelector((s) => s.session.session);
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const language = currentLanguage();

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
        title={t('menu.signedInAs', { hubUrl: session.hubUrl, username: session.agent.username })}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        {session.agent.displayName} <span aria-hidden="true">{MENU_ARROW}</span>
      </button>
      {open && (
        <div className="account-popover" role="menu" aria-label={t('menu.label')}>
          <div className="account-who">
            <strong>{session.agent.displayName}</strong>
            <span className="muted small">
              {session.agent.username}
              {' · '}
              {roleText(session.agent.role)}
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
            {t('menu.changePassword')}
          </button>
          <div className="account-languages" role="group" aria-labelledby="account-language-title">
            <span id="account-language-title" className="account-group-title muted small">
              {t('menu.language')}
            </span>
            {SUPPORTED_LANGUAGES.map((lang) => (
              <button
                key={lang}
                type="button"
                role="menuitemradio"
                aria-checked={language === lang}
                lang={lang}
                className="account-item account-language"
                onClick={() => {
                  setOpen(false);
                  void chooseLanguage(lang);
                }}
                onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
              >
                <span className="account-check" aria-hidden="true">
                  {language === lang ? CHECK_MARK : ''}
                </span>
                {LANGUAGE_NAMES[lang]}
              </button>
            ))}
          </div>
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
            setNotice(t('menu.passwordChanged'));
          }}
        />
      )}
    </div>
  );
}
