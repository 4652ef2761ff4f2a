import { useState } from 'react';
import { NewPassword, type AdminAgent } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog } from '../../../common/Dialog';
import { useAgentResetPasswordMutation } from './agentsApi';
import { generateTemporaryPassword } from './temporaryPassword';

/**
 * The administrator sets a temporary password and tells it to the agent; the agent is signed out at once
 * and has to choose their own at the next sign-in. The temporary password is shown once, here, to copy.
 */
export function ResetPasswordDialog({ agent, onClose }: Readonly<{ agent: AdminAgent; onClose: () => void }>) {
  const ready = useHubReady();
  const [reset, { isLoading }] = useAgentResetPasswordMutation();
  const [password, setPassword] = useState(() => generateTemporaryPassword());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [copied, setCopied] = useState(false);

  const submit = async (): Promise<void> => {
    const checked = NewPassword.safeParse(password);
    if (!checked.success) return setError('The temporary password needs at least 8 characters.');
    try {
      await reset({ agentId: agent.id, temporaryPassword: password }).unwrap();
      setDone(true);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      // No clipboard (plain http, or denied): the password stays selectable on screen.
    }
  };

  if (done) {
    return (
      <Dialog title={`Password reset for ${agent.displayName}`} onClose={onClose}>
        <div className="dialog-body">
          <p>
            {agent.displayName} is signed out everywhere. Give them this temporary password; they choose their own when they sign in with
            it.
          </p>
          <div className="adm-inline">
            <output className="mono adm-secret" aria-label="Temporary password">
              {password}
            </output>
            <button type="button" className="btn btn-small" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="muted small">It is not shown again.</p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Reset the password of ${agent.displayName}`} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Temporary password
          <span className="adm-inline">
            <input
              className="mono adm-grow"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <button type="button" className="btn btn-small" onClick={() => setPassword(generateTemporaryPassword())}>
              New one
            </button>
          </span>
        </label>
        <p className="muted small">
          {agent.displayName} is signed out everywhere now, and must choose a new password when signing in with this one.
        </p>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ready || isLoading}>
            {isLoading ? 'Resetting…' : 'Reset password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
