import { useState, type FormEvent } from 'react';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { signOut } from '../session/sessionSlice';
import { BrandLarge } from '../../common/Brand';
import { useT } from '../../i18n';
import { usePasswordChange } from './usePasswordChange';
import './account.css';

/**
 * Shown instead of the desk while the password is temporary (the generated first admin password, or one an
 * administrator reset): the hub answers nothing else until it is replaced.
 */
export function ChooseNewPassword() {
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const { t } = useT('account');
  const name = useAppSelector((s) => s.session.session?.agent.displayName ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, error, busy } = usePasswordChange(() => undefined);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void submit({ current, next, repeat });
  };

  return (
    <div className="desk">
      <ConnectionBanner />
      <main className="signin">
        <form className="signin-card" onSubmit={onSubmit} aria-labelledby="new-password-title" noValidate>
          <BrandLarge />
          <h1 id="new-password-title">{t('choose.title')}</h1>
          <p className="muted">{name ? t('choose.introNamed', { name }) : t('choose.intro')}</p>
          <label>
            {t('choose.temporary')}
            <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" autoFocus />
          </label>
          <label>
            {t('change.new')}
            <input
              type="password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              autoComplete="new-password"
              aria-describedby="new-password-rule"
            />
          </label>
          <span id="new-password-rule" className="muted small field-hint">
            {t('choose.rule')}
          </span>
          <label>
            {t('change.repeat')}
            <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary" disabled={!ready || busy || !current || !next || !repeat}>
            {busy ? t('common:saving') : t('choose.submit')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            {t('common:signOut')}
          </button>
        </form>
      </main>
    </div>
  );
}
