import { useState } from 'react';
import type { SectionView } from '../../../../services/contracts';
import { Field, QueueField, SecretField, TextField } from './Field';
import { arr, bool, compact, isSet, num, obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';
import { useT } from '../../../i18n';

/** Settings key paths the fields show (the hub's issue paths), kept out of the markup. */
const paths = {
  smtpHost: 'smtp.host',
  smtpPort: 'smtp.port',
  smtpSecure: 'smtp.secure',
  smtpUser: 'smtp.user',
  smtpPassword: 'smtp.password',
} as const;

type Queues = ReadonlyArray<{ id: string; name: string }>;

type MailboxDraft = {
  key: number;
  rest: Json;
  id: string;
  address: string;
  displayName: string;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  passwordSet: boolean;
  folder: string;
  queueId: string;
};

type Security = 'tls' | 'starttls' | 'none';
type SmtpDraft = { rest: Json; host: string; port: string; security: Security; user: string; password: string; passwordSet: boolean };

let keys = 0;

/** The connection security choices (option values, not words). */
const security: Readonly<Record<Security, Security>> = { tls: 'tls', starttls: 'starttls', none: 'none' };

function mailboxDraft(m: Json, queues: Queues): MailboxDraft {
  return {
    key: ++keys,
    rest: m,
    id: str(m.id),
    address: str(m.address),
    displayName: str(m.displayName),
    host: str(m.host),
    port: str(m.port, '993'),
    secure: bool(m.secure, true),
    user: str(m.user),
    password: '',
    passwordSet: isSet(m.password),
    folder: str(m.folder, 'INBOX'),
    queueId: str(m.queueId, queues[0]?.id ?? ''),
  };
}

function smtpDraft(s: Json): SmtpDraft {
  const security: Security = bool(s.secure, false) ? 'tls' : bool(s.ignoreTLS, false) ? 'none' : 'starttls';
  return {
    rest: s,
    host: str(s.host),
    port: str(s.port, '587'),
    security,
    user: str(s.user),
    password: '',
    passwordSet: isSet(s.password),
  };
}

/** A mailbox's stable id (its sync position is kept under it): from the address for a new one. */
function mailboxId(draft: MailboxDraft, taken: Set<string>): string {
  if (draft.id) return draft.id;
  const base =
    (draft.address.split('@')[0] ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 48) || 'mailbox';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function EmailSettings({ view, queues }: Readonly<{ view: SectionView; queues: Queues }>) {
  const stored = obj(view.value);
  const { t } = useT('admin/channels');
  const [mailboxes, setMailboxes] = useState<MailboxDraft[]>(() => {
    const list = arr(stored.mailboxes).map((m) => mailboxDraft(m, queues));
    return list.length > 0 ? list : [mailboxDraft({}, queues)];
  });
  const [smtp, setSmtp] = useState<SmtpDraft>(() => smtpDraft(obj(stored.smtp)));

  const patch = (key: number, change: Partial<MailboxDraft>) =>
    setMailboxes((list) => list.map((m) => (m.key === key ? { ...m, ...change } : m)));

  const build = (): Json => {
    const taken = new Set(mailboxes.map((m) => m.id).filter(Boolean));
    return {
      ...stored,
      mailboxes: mailboxes.map((m) => {
        const id = mailboxId(m, taken);
        taken.add(id);
        return compact({
          ...m.rest,
          id,
          address: m.address.trim(),
          displayName: m.displayName.trim() || undefined,
          host: m.host.trim(),
          port: num(m.port),
          secure: m.secure,
          user: m.user.trim(),
          password: m.password,
          folder: m.folder.trim() || undefined,
          queueId: m.queueId,
        });
      }),
      smtp: compact({
        ...smtp.rest,
        host: smtp.host.trim(),
        port: num(smtp.port),
        secure: smtp.security === 'tls',
        ignoreTLS: smtp.security === 'none',
        user: smtp.user.trim() || undefined,
        password: smtp.password,
      }),
    };
  };

  const shown = [
    ...mailboxes.flatMap((_, i) =>
      ['address', 'displayName', 'host', 'port', 'user', 'password', 'folder', 'queueId'].map((f) => `mailboxes.${i}.${f}`),
    ),
    ...['host', 'port', 'user', 'password'].map((f) => `smtp.${f}`),
  ];

  return (
    <SectionPanel
      section="email"
      title={t('email.email')}
      intro={t('email.mailToTheseAddresses')}
      view={view}
      build={build}
      shown={shown}
      onSaved={() => {
        setMailboxes((list) => list.map((m) => ({ ...m, passwordSet: m.passwordSet || m.password !== '', password: '' })));
        setSmtp((s) => ({ ...s, passwordSet: s.passwordSet || s.password !== '', password: '' }));
      }}
    >
      {(errors) => (
        <>
          {mailboxes.map((m, i) => (
            <fieldset key={m.key} className="ch-group">
              <legend>
                {mailboxes.length > 1 ? t('email.mailboxN', { n: i + 1 }) : t('email.mailbox')}
                {m.address ? <span className="ch-legend-note">{m.address}</span> : null}
              </legend>
              <div className="ch-grid">
                <TextField
                  label={t('email.addressCustomersWriteTo')}
                  type="email"
                  path={`mailboxes.${i}.address`}
                  errors={errors}
                  value={m.address}
                  placeholder={t('email.supportExampleCom')}
                  onChange={(address) => patch(m.key, { address })}
                />
                <TextField
                  label={t('email.nameOnReplies')}
                  path={`mailboxes.${i}.displayName`}
                  errors={errors}
                  value={m.displayName}
                  placeholder={t('email.exampleSupport')}
                  onChange={(displayName) => patch(m.key, { displayName })}
                />
                <QueueField
                  label={t('email.queue')}
                  path={`mailboxes.${i}.queueId`}
                  errors={errors}
                  value={m.queueId}
                  queues={queues}
                  onChange={(queueId) => patch(m.key, { queueId })}
                />
              </div>
              <div className="ch-grid">
                <TextField
                  label={t('email.imapServer')}
                  path={`mailboxes.${i}.host`}
                  errors={errors}
                  value={m.host}
                  placeholder={t('email.imapExampleCom')}
                  onChange={(host) => patch(m.key, { host })}
                />
                <TextField
                  label={t('email.port')}
                  type="number"
                  path={`mailboxes.${i}.port`}
                  errors={errors}
                  value={m.port}
                  onChange={(port) => patch(m.key, { port })}
                />
                <Field label={t('email.connection')} path={`mailboxes.${i}.secure`} errors={errors}>
                  {(id) => (
                    <select
                      id={id}
                      value={m.secure ? security.tls : security.starttls}
                      onChange={(e) => patch(m.key, { secure: e.target.value === security.tls })}
                    >
                      <option value={security.tls}>{t('email.imapTls')}</option>
                      <option value={security.starttls}>{t('email.imapStarttls')}</option>
                    </select>
                  )}
                </Field>
              </div>
              <div className="ch-grid">
                <TextField
                  label={t('email.userName')}
                  path={`mailboxes.${i}.user`}
                  errors={errors}
                  value={m.user}
                  onChange={(user) => patch(m.key, { user })}
                />
                <SecretField
                  label={t('email.password')}
                  path={`mailboxes.${i}.password`}
                  errors={errors}
                  value={m.password}
                  stored={m.passwordSet}
                  onChange={(password) => patch(m.key, { password })}
                />
                <TextField
                  label={t('email.folderToRead')}
                  path={`mailboxes.${i}.folder`}
                  errors={errors}
                  value={m.folder}
                  onChange={(folder) => patch(m.key, { folder })}
                />
              </div>
              {mailboxes.length > 1 && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setMailboxes((list) => list.filter((x) => x.key !== m.key))}
                >
                  {t('email.removeMailbox')}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="btn btn-small ch-add"
            onClick={() => setMailboxes((list) => [...list, mailboxDraft({}, queues)])}
          >
            {t('email.addMailbox')}
          </button>
          <fieldset className="ch-group">
            <legend>{t('email.outgoing')}</legend>
            <div className="ch-grid">
              <TextField
                label={t('email.smtpServer')}
                path={paths.smtpHost}
                errors={errors}
                value={smtp.host}
                placeholder={t('email.smtpExampleCom')}
                onChange={(host) => setSmtp({ ...smtp, host })}
              />
              <TextField
                label={t('email.port')}
                type="number"
                path={paths.smtpPort}
                errors={errors}
                value={smtp.port}
                onChange={(port) => setSmtp({ ...smtp, port })}
              />
              <Field label={t('email.security')} path={paths.smtpSecure} errors={errors}>
                {(id) => (
                  <select id={id} value={smtp.security} onChange={(e) => setSmtp({ ...smtp, security: e.target.value as Security })}>
                    <option value={security.starttls}>{t('email.smtpStarttls')}</option>
                    <option value={security.tls}>{t('email.smtpTls')}</option>
                    <option value={security.none}>{t('email.smtpNone')}</option>
                  </select>
                )}
              </Field>
            </div>
            <div className="ch-grid">
              <TextField
                label={t('email.userName')}
                path={paths.smtpUser}
                errors={errors}
                value={smtp.user}
                hint={t('email.blankTheServerNeeds')}
                onChange={(user) => setSmtp({ ...smtp, user })}
              />
              <SecretField
                label={t('email.password')}
                path={paths.smtpPassword}
                errors={errors}
                value={smtp.password}
                stored={smtp.passwordSet}
                emptyHint={t('email.onlyWhenTheServer')}
                onChange={(password) => setSmtp({ ...smtp, password })}
              />
            </div>
          </fieldset>
          <p className="ch-hint">{t('email.defaultsHint')}</p>
        </>
      )}
    </SectionPanel>
  );
}
