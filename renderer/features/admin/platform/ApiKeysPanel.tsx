import { useState } from 'react';
import { apiScopes, type ApiKey, type ApiScope } from '../../../../services/contracts';
import { useHubReady } from '../../../app/hooks';
import { formatDateTime } from '../../../common/time';
import { CheckboxSet } from '../common/CheckboxSet';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { FormDialog } from '../common/FormDialog';
import { RecordTable } from '../common/RecordTable';
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
      <RecordTable
        rows={keys}
        error={error}
        isLoading={isLoading}
        emptyText={t('keys.none')}
        columns={[
          t('keys.col.name'),
          t('keys.col.key'),
          t('keys.col.scopes'),
          t('keys.col.limit'),
          t('keys.col.lastUsed'),
          t('keys.col.status'),
        ]}
        actionsLabel={t('actions')}
        className="pa-table"
      >
        {(k) => {
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
        }}
      </RecordTable>
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
        <ConfirmDialog
          title={t('keys.revokeTitle', { name: confirm.name })}
          text={t('keys.revokeText')}
          confirmLabel={t('keys.revokeKey')}
          onConfirm={() => void revoke({ keyId: confirm.id })}
          onClose={() => setConfirm(null)}
        />
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
  const [create, { isLoading }] = useCreateApiKeyMutation();
  const submit = async (): Promise<void> => {
    const expiresAt = expires ? new Date(`${expires}T23:59:59`).getTime() : undefined;
    const created = await create({ name, scopes: [...scopes], rateLimitPerMinute: Number(rate), expiresAt }).unwrap();
    onCreated(created.secret);
  };
  return (
    <FormDialog
      title={t('attr.newApiKey')}
      submitLabel={t('keys.create')}
      onSubmit={submit}
      onClose={onClose}
      disabled={isLoading || !name.trim() || scopes.size === 0}
      className="pa-form"
    >
      <label>
        {t('keys.col.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('attr.crmSync')} maxLength={120} required />
      </label>
      <CheckboxSet legend={t('keys.col.scopes')} options={apiScopes} selected={scopes} onChange={setScopes} label={scopeLabel} />
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
    </FormDialog>
  );
}
