import { useState } from 'react';
import { apiScopeLabels, apiScopes, type ApiKey, type ApiScope } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog, DialogFooter } from '../../../common/Dialog';
import { formatDateTime } from '../../../common/time';
import { SecretOnce } from './SecretOnce';
import { useApiKeysQuery, useCreateApiKeyMutation, useRevokeApiKeyMutation } from './platformApi';

function status(key: ApiKey, now: number): { label: string; tone: 'ok' | 'off' } {
  if (key.revokedAt !== null) return { label: `Revoked ${formatDateTime(key.revokedAt)}`, tone: 'off' };
  if (key.expiresAt !== null && key.expiresAt <= now) return { label: `Expired ${formatDateTime(key.expiresAt)}`, tone: 'off' };
  return { label: key.expiresAt === null ? 'Active, no expiry' : `Active until ${formatDateTime(key.expiresAt)}`, tone: 'ok' };
}

/** API keys: who may read what over /api/v1. Secrets are shown once; revoking takes effect at once. */
export function ApiKeysPanel() {
  const ready = useHubReady();
  const { data: keys, error, isLoading } = useApiKeysQuery(undefined, { skip: !ready });
  const [revoke] = useRevokeApiKeyMutation();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ApiKey | null>(null);
  const now = Date.now();
  return (
    <section className="pa-panel" aria-labelledby="pa-keys-title">
      <header className="pa-panel-head">
        <div>
          <h2 id="pa-keys-title">API keys</h2>
          <p className="muted small">
            Partner systems use a key to read and write through the public API. Each use is recorded in the audit log.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New key
        </button>
      </header>
      {error && <p className="inline-error pad">{errorText(error)}</p>}
      {isLoading && <p className="muted pad">Loading…</p>}
      {keys && keys.length === 0 && <p className="empty pad">No keys yet. A partner system needs one to use the API.</p>}
      {keys && keys.length > 0 && (
        <table className="pa-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Allowed to</th>
              <th scope="col">Limit</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const s = status(k, now);
              return (
                <tr key={k.id} className={s.tone === 'off' ? 'pa-row-off' : undefined}>
                  <td className="pa-name">{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>
                    <ul className="pa-chips">
                      {k.scopes.map((scope) => (
                        <li key={scope} title={scope}>
                          {apiScopeLabels[scope]}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="mono">{k.rateLimitPerMinute}/min</td>
                  <td className="small pa-when">
                    {k.lastUsedAt === null ? <span className="muted">Never</span> : formatDateTime(k.lastUsedAt)}
                  </td>
                  <td className="small">
                    <span className={`pa-status pa-status-${s.tone}`}>{s.label}</span>
                  </td>
                  <td className="pa-actions">
                    {k.revokedAt === null && (
                      <button type="button" className="btn btn-small" onClick={() => setConfirm(k)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {creating && (
        <NewKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
          }}
        />
      )}
      {secret && <SecretOnce title="Your new API key" secret={secret} onClose={() => setSecret(null)} />}
      {confirm && (
        <Dialog title={`Revoke “${confirm.name}”?`} onClose={() => setConfirm(null)}>
          <p>Requests with this key are refused from now on. This cannot be undone.</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                void revoke({ keyId: confirm.id });
                setConfirm(null);
              }}
            >
              Revoke key
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function NewKeyDialog({ onClose, onCreated }: Readonly<{ onClose: () => void; onCreated: (secret: string) => void }>) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<ApiScope>>(new Set(['customers:read', 'conversations:read']));
  const [rate, setRate] = useState('600');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [create, { isLoading }] = useCreateApiKeyMutation();
  const submit = async (): Promise<void> => {
    const expiresAt = expires ? new Date(`${expires}T23:59:59`).getTime() : undefined;
    try {
      const created = await create({ name, scopes: [...scopes], rateLimitPerMinute: Number(rate), expiresAt }).unwrap();
      onCreated(created.secret);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title="New API key" onClose={onClose}>
      <form
        className="dialog-body pa-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="CRM sync" maxLength={120} required />
        </label>
        <fieldset className="pa-scopes">
          <legend>Allowed to</legend>
          {apiScopes.map((scope) => (
            <label key={scope} className="pa-check">
              <input
                type="checkbox"
                checked={scopes.has(scope)}
                onChange={(e) => {
                  const next = new Set(scopes);
                  if (e.target.checked) next.add(scope);
                  else next.delete(scope);
                  setScopes(next);
                }}
              />
              {apiScopeLabels[scope]}
            </label>
          ))}
        </fieldset>
        <div className="pa-row">
          <label>
            Requests a minute
            <input type="number" min={1} max={10000} value={rate} onChange={(e) => setRate(e.target.value)} required />
          </label>
          <label>
            Expires (optional)
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        <DialogFooter error={error} onCancel={onClose} submitLabel="Create key" disabled={isLoading || !name.trim() || scopes.size === 0} />
      </form>
    </Dialog>
  );
}
