import { useState } from 'react';
import { NewPassword, type AdminAgent } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog } from '../../../common/Dialog';
import { useAgentResetPasswordMutation } from './agentsApi';
import { generateTemporaryPassword } from './temporaryPassword';
import { useT } from '../../../i18n';

/**
 * The administrator sets a temporary password and tells it to the agent; the agent is signed out at once
 * and has to choose their own at the next sign-in. The temporary password is shown once, here, to copy.
 */
export function ResetPasswordDialog({ agent, onClose }: Readonly<{ agent: AdminAgent; onClose: () => void }>) {
  const ready = useHubReady();
  const { t } = useT('admin/agents');
  const [reset, { isLoading }] = useAgentResetPasswordMutation();
  const [password, setPassword] = useState(() => generateTemporaryPassword());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [copied, setCopied] = useState(false);

  const submit = async (): Promise<void> => {
    const checked = NewPassword.safeParse(password);
    if (!checked.success) return setError(t('reset.tooShort'));
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
      <Dialog title={t('reset.doneTitle', { name: agent.displayName })} onClose={onClose}>
        <div className="dialog-body">
          <p>{t('reset.doneText', { name: agent.displayName })}</p>
          <div className="adm-inline">
            <output className="mono adm-secret" aria-label={t('reset.password')}>
              {password}
            </output>
            <button type="button" className="btn btn-small" onClick={() => void copy()}>
              {copied ? t('reset.copied') : t('reset.copy')}
            </button>
          </div>
          <p className="muted small">{t('reset.once')}</p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('reset.done')}
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('reset.title', { name: agent.displayName })} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('reset.password')}
          <span className="adm-inline">
            <input
              className="mono adm-grow"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <button type="button" className="btn btn-small" onClick={() => setPassword(generateTemporaryPassword())}>
              {t('reset.newOne')}
            </button>
          </span>
        </label>
        <p className="muted small">{t('reset.text', { name: agent.displayName })}</p>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('reset.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ready || isLoading}>
            {isLoading ? t('reset.resetting') : t('reset.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
