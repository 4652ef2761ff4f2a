import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { BrandLarge } from '../../common/Brand';
import { useT } from '../../i18n';
import { signIn } from './sessionSlice';

function defaultHubUrl(lastHubUrl: string | null): string {
  if (lastHubUrl) return lastHubUrl;
  // Served by the hub itself: the hub is where this page came from.
  return /^https?:$/.test(window.location.protocol) ? window.location.origin : 'http://127.0.0.1:4780';
}

export function SignIn() {
  const dispatch = useAppDispatch();
  const { t } = useT('session');
  const { signingIn, error, signedOutReason, lastHubUrl } = useAppSelector((s) => s.session);
  const [hubUrl, setHubUrl] = useState(() => defaultHubUrl(lastHubUrl));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void dispatch(signIn({ hubUrl, username, password }));
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" noValidate>
        <BrandLarge />
        <h1 id="signin-title">{t('title')}</h1>
        {signedOutReason && (
          <div className="signout-notice" role="alert">
            <strong>{t('signedOut')}</strong> {signedOutReason}
          </div>
        )}
        <label>
          {t('hubAddress')}
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} inputMode="url" autoComplete="url" required />
        </label>
        <label>
          {t('username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={signingIn || !username || !password}>
          {signingIn ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
