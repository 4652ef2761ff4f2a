import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { signIn } from './sessionSlice';

function defaultHubUrl(lastHubUrl: string | null): string {
  if (lastHubUrl) return lastHubUrl;
  // Served by the hub itself: the hub is where this page came from.
  return /^https?:$/.test(window.location.protocol) ? window.location.origin : 'http://127.0.0.1:4780';
}

export function SignIn() {
  const dispatch = useAppDispatch();
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
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">S</span> Switchboard
        </div>
        <h1 id="signin-title">Sign in to your desk</h1>
        {signedOutReason && (
          <div className="signout-notice" role="alert">
            <strong>You were signed out.</strong> {signedOutReason}
          </div>
        )}
        <label>
          Hub address
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} inputMode="url" autoComplete="url" required />
        </label>
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={signingIn || !username || !password}>
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
