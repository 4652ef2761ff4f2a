import { useState } from 'react';
import { apiScopes, type ApiKey, type ApiScope } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog, DialogFooter } from '../../../common/Dialog';
import { formatDateTime } from '../../../common/time';
import { SecretOnce } from './SecretOnce';
import { i18n, useT } from '../../../i18n';
import { useApiKeysQuery, useCreateApiKeyMutation, useRevokeApiKeyMutation } from './platformApi';

function status(key: ApiKey, now: number): { label: string; tone: 'ok' | 'off' } {
  const t = i18n.getFixedT(null, 'admin/platform');
  if (key.revokedAt !== null) return { label: t('keys.revoked', { at: formatDateTime(key.revokedAt) }), tone: 'off' };
  if (key.expiresAt !== null && key.expiresAt <= now)
    return { label: t('keys.expired', { at: formatDateTime(key.expiresAt) }), tone: 'off' };
  return { label: key.expiresAt === null ? t('keys.noExpiry') : t('keys.activeUntil', { at: formatDateTime(key.expiresAt) }), tone: 'ok' };
}

/** A scope's words, by its code ("customers:read"; the colon is i18next's namespace mark, so it becomes "_"). */
export const scopeLabel = (scope: ApiScope): string => i18n.t(`scope.${scope.replace(':', '_')}`, { ns: 'admin/platform' });

/** API keys: who may read what over /api/v1. Secrets are shown once; revoking takes effect at once. */
export function ApiKeysPanel() {
  const ready = useHubReady();
  const { t } = useT('admin/platform');
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
          <h2 id="pa-keys-title">{t('tab.keys')}</h2>
          <p className="muted small">{t('keys.intro')}</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          {t('keys.new')}
        </button>
      </header>
      {error && <p className="inline-error pad">{errorText(error)}</p>}
      {isLoading && <p className="muted pad">{t('loading')}</p>}
      {keys && keys.length === 0 && <p className="empty pad">{t('keys.none')}</p>}
      {keys && keys.length > 0 && (
        <table className="pa-table">
          <thead>
            <tr>
              <th scope="col">{t('keys.col.name')}</th>
              <th scope="col">{t('keys.col.key')}</th>
              <th scope="col">{t('keys.col.scopes')}</th>
              <th scope="col">{t('keys.col.limit')}</th>
              <th scope="col">{t('keys.col.lastUsed')}</th>
              <th scope="col">{t('keys.col.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
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
                          {scopeLabel(scope)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="mono">{t('keys.perMinute', { n: k.rateLimitPerMinute })}</td>
                  <td className="small pa-when">
                    {k.lastUsedAt === null ? <span className="muted">{t('keys.never')}</span> : formatDateTime(k.lastUsedAt)}
                  </td>
                  <td className="small">
                    <span className={`pa-status pa-status-${s.tone}`}>{s.label}</span>
                  </td>
                  <td className="pa-actions">
                    {k.revokedAt === null && (
                      <button type="button" className="btn btn-small" onClick={() => setConfirm(k)}>
                        {t('keys.revoke')}
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
      {secret && <SecretOnce title={t('attr.yourNewApiKey')} secret={secret} onClose={() => setSecret(null)} />}
      {confirm && (
        <Dialog title={t('keys.revokeTitle', { name: confirm.name })} onClose={() => setConfirm(null)}>
          <p>{t('keys.revokeText')}</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                void revoke({ keyId: confirm.id });
                setConfirm(null);
              }}
            >
              {t('keys.revokeKey')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function NewKeyDialog({ onClose, onCreated }: Readonly<{ onClose: () => void; onCreated: (secret: string) => void }>) {
  const [name, setName] = useState('');
  const { t } = useT('admin/platform');
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
    <Dialog title={t('attr.newApiKey')} onClose={onClose}>
      <form
        className="dialog-body pa-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('keys.col.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('attr.crmSync')} maxLength={120} required />
        </label>
        <fieldset className="pa-scopes">
          <legend>{t('keys.col.scopes')}</legend>
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
              {scopeLabel(scope)}
            </label>
          ))}
        </fieldset>
        <div className="pa-row">
          <label>
            {t('keys.rate')}
            <input type="number" min={1} max={10000} value={rate} onChange={(e) => setRate(e.target.value)} required />
          </label>
          <label>
            {t('keys.expires')}
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        <DialogFooter
          error={error}
          onCancel={onClose}
          submitLabel={t('keys.create')}
          disabled={isLoading || !name.trim() || scopes.size === 0}
        />
      </form>
    </Dialog>
  );
}
