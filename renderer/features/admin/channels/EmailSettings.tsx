import { useState } from 'react';
import type { SectionView } from '../../../../services/contracts';
import { Field, QueueField, SecretField, TextField } from './Field';
import { arr, bool, compact, isSet, num, obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';

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
      title="Email"
      intro="Mail to these addresses becomes work in a queue; agents' replies leave through the SMTP server."
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
                Mailbox {mailboxes.length > 1 ? i + 1 : ''}
                {m.address ? <span className="ch-legend-note">{m.address}</span> : null}
              </legend>
              <div className="ch-grid">
                <TextField
                  label="Address customers write to"
                  type="email"
                  path={`mailboxes.${i}.address`}
                  errors={errors}
                  value={m.address}
                  placeholder="support@example.com"
                  onChange={(address) => patch(m.key, { address })}
                />
                <TextField
                  label="Name on replies"
                  path={`mailboxes.${i}.displayName`}
                  errors={errors}
                  value={m.displayName}
                  placeholder="Example Support"
                  onChange={(displayName) => patch(m.key, { displayName })}
                />
                <QueueField
                  label="Queue"
                  path={`mailboxes.${i}.queueId`}
                  errors={errors}
                  value={m.queueId}
                  queues={queues}
                  onChange={(queueId) => patch(m.key, { queueId })}
                />
              </div>
              <div className="ch-grid">
                <TextField
                  label="IMAP server"
                  path={`mailboxes.${i}.host`}
                  errors={errors}
                  value={m.host}
                  placeholder="imap.example.com"
                  onChange={(host) => patch(m.key, { host })}
                />
                <TextField
                  label="Port"
                  type="number"
                  path={`mailboxes.${i}.port`}
                  errors={errors}
                  value={m.port}
                  onChange={(port) => patch(m.key, { port })}
                />
                <Field label="Connection" path={`mailboxes.${i}.secure`} errors={errors}>
                  {(id) => (
                    <select
                      id={id}
                      value={m.secure ? 'tls' : 'starttls'}
                      onChange={(e) => patch(m.key, { secure: e.target.value === 'tls' })}
                    >
                      <option value="tls">TLS (port 993)</option>
                      <option value="starttls">STARTTLS (port 143)</option>
                    </select>
                  )}
                </Field>
              </div>
              <div className="ch-grid">
                <TextField
                  label="User name"
                  path={`mailboxes.${i}.user`}
                  errors={errors}
                  value={m.user}
                  onChange={(user) => patch(m.key, { user })}
                />
                <SecretField
                  label="Password"
                  path={`mailboxes.${i}.password`}
                  errors={errors}
                  value={m.password}
                  stored={m.passwordSet}
                  onChange={(password) => patch(m.key, { password })}
                />
                <TextField
                  label="Folder to read"
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
                  Remove this mailbox
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="btn btn-small ch-add"
            onClick={() => setMailboxes((list) => [...list, mailboxDraft({}, queues)])}
          >
            Add a mailbox
          </button>
          <fieldset className="ch-group">
            <legend>Outgoing mail (SMTP)</legend>
            <div className="ch-grid">
              <TextField
                label="SMTP server"
                path="smtp.host"
                errors={errors}
                value={smtp.host}
                placeholder="smtp.example.com"
                onChange={(host) => setSmtp({ ...smtp, host })}
              />
              <TextField
                label="Port"
                type="number"
                path="smtp.port"
                errors={errors}
                value={smtp.port}
                onChange={(port) => setSmtp({ ...smtp, port })}
              />
              <Field label="Security" path="smtp.secure" errors={errors}>
                {(id) => (
                  <select id={id} value={smtp.security} onChange={(e) => setSmtp({ ...smtp, security: e.target.value as Security })}>
                    <option value="starttls">STARTTLS (port 587)</option>
                    <option value="tls">TLS (port 465)</option>
                    <option value="none">None (local relay only)</option>
                  </select>
                )}
              </Field>
            </div>
            <div className="ch-grid">
              <TextField
                label="User name"
                path="smtp.user"
                errors={errors}
                value={smtp.user}
                hint="Blank: the server needs no sign-in."
                onChange={(user) => setSmtp({ ...smtp, user })}
              />
              <SecretField
                label="Password"
                path="smtp.password"
                errors={errors}
                value={smtp.password}
                stored={smtp.passwordSet}
                emptyHint="Only when the server needs a sign-in."
                onChange={(password) => setSmtp({ ...smtp, password })}
              />
            </div>
          </fieldset>
          <p className="ch-hint">Timeouts, retries and attachment limits keep their defaults (or what the config file set).</p>
        </>
      )}
    </SectionPanel>
  );
}
