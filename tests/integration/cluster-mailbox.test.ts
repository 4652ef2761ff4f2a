import type { ImapFlow } from 'imapflow';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailConfigInput } from '../../services/channels/email/config';
import { dovecotUnavailable, startDovecot, type Dovecot } from '../support/dovecot';
import { customerMail, SUPPORT } from '../support/emailHub';
import type { HubProcess } from '../support/hubProcess';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { startSmtpRelay, type SmtpRelay } from '../support/smtpRelay';
import { seed, startTestHub } from '../support/testHub';
import { until } from '../support/until';
import { spawnTeamHub } from '../support/teamHubs';

const skip = dovecotUnavailable() ?? postgresUnavailable();
if (skip) console.warn(`team-mode mailbox test skipped: ${skip}`);

let postgres: Postgres;
let dovecot: Dovecot;
let relay: SmtpRelay;
let imap: ImapFlow;
let db: pg.Pool;
let url: string;
const hubs: HubProcess[] = [];

/** The pid of the hub process holding a lock, from the lock connection's application_name. */
async function holderOf(lock: string): Promise<number | undefined> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1`,
    [`switchboard lock ${lock} pid %`],
  );
  if (rows.length > 1) throw new Error(`${lock} held by ${rows.length} hubs`);
  return rows[0] ? Number(rows[0].name.split(' pid ')[1]) : undefined;
}

const inbound = async (): Promise<string[]> =>
  (await db.query<{ m: string }>(`SELECT meta AS m FROM message WHERE direction = 'in' ORDER BY id`)).rows.map(
    (r) => (JSON.parse(r.m) as { email: { messageId: string } }).email.messageId,
  );

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
  dovecot = await startDovecot([SUPPORT]);
  relay = await startSmtpRelay();
  imap = await dovecot.client(SUPPORT);
  // The team's database laid out and seeded once (queue "support"), as an admin would on the first hub.
  const first = await startTestHub({ store: { engine: 'postgres', url } });
  await seed(first, [{ username: 'ann' }]);
  await first.stop();
  const email: EmailConfigInput = {
    mailboxes: [
      {
        id: 'support',
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: SUPPORT.user,
        password: SUPPORT.password,
        address: SUPPORT.user,
        displayName: 'Example Support',
        queueId: 'support',
      },
    ],
    reconnect: { minMs: 100, maxMs: 800 },
    idleDelayMs: 100,
    pollMs: 60_000,
    smtp: { host: '127.0.0.1', port: relay.port, secure: false, ignoreTLS: true, connectionTimeoutMs: 2000 },
  };
  for (let i = 0; i < 3; i += 1) {
    hubs.push(
      await spawnTeamHub(url, {
        cluster: { lockRetryMs: 250 },
        email,
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  for (const hub of hubs) await hub.kill();
  await imap?.logout().catch(() => undefined);
  await relay?.stop();
  await dovecot?.destroy();
  await db?.end();
  await postgres?.destroy();
});

describe.skipIf(skip !== null)('team mode: one IMAP mailbox, three hubs on one PostgreSQL (real dovecot)', () => {
  it('exactly one hub watches the mailbox; when it is killed another takes over and catches up, nothing twice', async () => {
    const watcher = await until(() => holderOf('singleton:mailbox:support'), 10_000, 'a hub to watch the mailbox');
    expect(hubs.map((h) => h.pid)).toContain(watcher);
    // The outbox and the other one-per-cluster jobs are held too, each by exactly one hub.
    for (const job of ['email-outbox', 'email-acks', 'webhooks', 'retention']) {
      expect(hubs.map((h) => h.pid)).toContain(await until(() => holderOf(`singleton:${job}`), 5000, job));
    }

    const before = Array.from({ length: 5 }, (_, i) => customerMail({ subject: `Before ${i}`, body: `first wave ${i}` }));
    for (const raw of before) await imap.append('INBOX', raw);
    await until(async () => ((await inbound()).length === 5 ? true : undefined), 15_000, 'the first five mails');

    const victim = hubs.find((h) => h.pid === watcher)!;
    const killedAt = Date.now();
    await victim.kill();
    hubs.splice(hubs.indexOf(victim), 1);
    // Mail that lands while nobody watches: the next watcher must catch up from the stored position.
    const after = Array.from({ length: 5 }, (_, i) => customerMail({ subject: `After ${i}`, body: `second wave ${i}` }));
    for (const raw of after) await imap.append('INBOX', raw);

    const next = await until(
      async () => {
        const pid = await holderOf('singleton:mailbox:support');
        return pid !== undefined && pid !== watcher ? pid : undefined;
      },
      10_000,
      'another hub to take the mailbox',
    );
    const takeoverMs = Date.now() - killedAt;
    const ids = await until(
      async () => {
        const all = await inbound();
        return all.length >= 10 ? all : undefined;
      },
      20_000,
      'the second five mails',
    );
    const caughtUpMs = Date.now() - killedAt;
    console.log(`mailbox takeover after kill -9: lock in ${takeoverMs} ms, all mail stored ${caughtUpMs} ms after the kill`);
    expect(hubs.map((h) => h.pid)).toContain(next);
    await new Promise((r) => setTimeout(r, 500));
    const final = await inbound();
    expect(final).toHaveLength(10);
    expect(new Set(final).size).toBe(10);
    expect(ids).toHaveLength(10);
    expect(takeoverMs).toBeLessThan(5000);
  }, 90_000);
});
