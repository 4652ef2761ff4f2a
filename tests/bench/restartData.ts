/**
 * The database bench:restart starts from: MESSAGES messages of closed history (five per conversation, two
 * months old, with their events) plus WAITING contacts queued in the last hour in a queue nobody serves.
 * Built with bulk SQL in a few big transactions (seconds, not the hours of real ingest), and cached in the
 * temp dir under a key of the schema version and the sizes, so only the first run pays for it.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { hashPassword, newSessionToken } from '../../services/hub/auth';
import { startHub } from '../../services/server/startHub';
import { hubMigrations } from '../../services/server/migrations';
import { defaultModules } from '../../services/server/modules';
import { demoTwilioConfig } from '../../services/simulator/twilioStandIn';
import { insertSession } from '../../services/store/repos/sessions';

/** Bump when the generated rows change shape (the schema version is part of the key already). */
const GENERATOR_VERSION = 1;
export const RESTART_AGENT = { username: 'restart-agent', password: 'restart-agent-password' } as const;

export type RestartData = Readonly<{ dir: string; token: string; key: string; built: boolean; buildSeconds: number }>;

function exec(db: sqlite3.Database, text: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(text, (error) => (error ? reject(error) : resolve())));
}

/** A fresh copy of the cached database in its own directory (the bench kills the hub on it). */
export async function restartData(messages: number, waiting: number): Promise<RestartData> {
  const schema = Math.max(...hubMigrations(defaultModules()).map((m) => m.version));
  const key = `switchboard-restart-s${schema}-g${GENERATOR_VERSION}-${messages}m-${waiting}w`;
  const cache = path.join(tmpdir(), key);
  let built = false;
  const started = Date.now();
  if (!existsSync(path.join(cache, 'done'))) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    await build(cache, messages, waiting);
    writeFileSync(path.join(cache, 'done'), new Date().toISOString());
    built = true;
  }
  const buildSeconds = (Date.now() - started) / 1000;
  const dir = path.join(tmpdir(), `${key}-run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(cache, dir, { recursive: true });
  return { dir, token: readFileSync(path.join(cache, 'token'), 'utf8'), key, built, buildSeconds };
}

async function build(dir: string, messages: number, waiting: number): Promise<void> {
  // The real hub creates the schema, the queues and the agent, so the data matches what the hub writes.
  const hub = await startHub({
    dbFile: path.join(dir, 'hub.sqlite'),
    dataDir: dir,
    logLevel: 'silent',
    bootstrapAdmin: { password: 'restart-admin-pw' },
    twilio: demoTwilioConfig('http://127.0.0.1:9'),
  });
  for (const [id, name] of [
    ['support', 'Support'],
    ['sales', 'Sales'],
  ] as const) {
    await hub.center.upsertQueue({ id, name, channels: ['voice', 'sms', 'email', 'chat'], skills: {}, slaSeconds: 60, priority: 0 });
  }
  await hub.center.upsertQueue({
    id: 'backlog',
    name: 'Backlog',
    channels: ['chat', 'sms', 'email'],
    skills: { archive: 1 },
    slaSeconds: 3600,
    priority: 0,
  });
  const agent = await hub.center.upsertAgent({
    username: RESTART_AGENT.username,
    displayName: 'Restart Agent',
    role: 'agent',
    skills: {},
    passwordHash: await hashPassword(RESTART_AGENT.password),
  });
  const { token, tokenHash } = newSessionToken();
  await hub.store.write((tx) => insertSession(tx, tokenHash, agent.id, Date.now(), Date.now() + 30 * 86_400_000));
  writeFileSync(path.join(dir, 'token'), token);
  await hub.stop();

  const db = new sqlite3.Database(path.join(dir, 'hub.sqlite'));
  const now = Date.now();
  const history = Math.max(0, messages - waiting);
  const conversations = Math.ceil(history / 5);
  const customers = Math.max(1, Math.ceil(conversations / 2));
  const from = now - 60 * 86_400_000;
  const step = Math.max(1, Math.floor((58 * 86_400_000) / Math.max(1, conversations)));
  const channel = (i: string): string => `CASE ${i} % 3 WHEN 0 THEN 'sms' WHEN 1 THEN 'email' ELSE 'chat' END`;
  // Ids are offsets from the current maximum so the hub's own rows (if any) stay untouched.
  await exec(
    db,
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
    CREATE TEMP TABLE base AS SELECT
      (SELECT COALESCE(MAX(id), 0) FROM customer) AS cu,
      (SELECT COALESCE(MAX(id), 0) FROM conversation) AS co,
      (SELECT COALESCE(MAX(id), 0) FROM message) AS me;
    BEGIN;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${customers + waiting})
    INSERT INTO customer (id, display_name, created_at) SELECT (SELECT cu FROM base) + i, 'Customer ' || i, ${from} FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${customers + waiting})
    INSERT INTO identity (customer_id, kind, value, created_at)
      SELECT (SELECT cu FROM base) + i, 'phone', '+1999' || printf('%08d', i), ${from} FROM n;
    COMMIT;
    BEGIN;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${conversations})
    INSERT INTO conversation (id, channel, customer_id, queue_id, state, created_at, enqueued_at, first_response_at,
        closed_at, disposition, last_agent_id)
      SELECT (SELECT co FROM base) + i, ${channel('i')}, (SELECT cu FROM base) + 1 + (i % ${customers}), 'support', 'closed',
        ${from} + i * ${step}, ${from} + i * ${step}, ${from} + i * ${step} + 30000, ${from} + i * ${step} + 600000, 'resolved',
        (SELECT id FROM agent WHERE username = '${RESTART_AGENT.username}') FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${history - 1})
    INSERT INTO message (id, conversation_id, direction, body_text, created_at)
      SELECT (SELECT me FROM base) + 1 + i, (SELECT co FROM base) + 1 + i / 5, CASE i % 2 WHEN 0 THEN 'in' ELSE 'out' END,
        'History message ' || i || ': my order has not arrived yet, could you tell me where it is and when it will come?',
        ${from} + (i / 5) * ${step} + (i % 5) * 60000 FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${conversations}),
      t(k, type, offset) AS (VALUES (0, 'conversation/created', 0), (1, 'conversation/queued', 0), (2, 'conversation/offered', 20000),
        (3, 'conversation/accepted', 30000), (4, 'conversation/closed', 600000))
    INSERT INTO event (at, type, conversation_id, agent_id, queue_id, channel)
      SELECT ${from} + i * ${step} + t.offset, t.type, (SELECT co FROM base) + i,
        CASE WHEN t.k >= 2 THEN (SELECT id FROM agent WHERE username = '${RESTART_AGENT.username}') END, 'support', ${channel('i')}
      FROM n CROSS JOIN t;
    COMMIT;
    BEGIN;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${waiting})
    INSERT INTO conversation (id, channel, customer_id, queue_id, state, created_at, enqueued_at)
      SELECT (SELECT co FROM base) + ${conversations} + i, ${channel('i')}, (SELECT cu FROM base) + ${customers} + i, 'backlog', 'queued',
        ${now - 3_600_000} + i * ${Math.floor(3_000_000 / Math.max(1, waiting))}, ${now - 3_600_000} + i * ${Math.floor(3_000_000 / Math.max(1, waiting))} FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${waiting})
    INSERT INTO message (id, conversation_id, direction, body_text, created_at)
      SELECT (SELECT me FROM base) + ${history} + i, (SELECT co FROM base) + ${conversations} + i, 'in',
        'Waiting ' || i || ': hello, I am still waiting for an answer about my order', ${now - 3_600_000} FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${waiting}),
      t(type) AS (VALUES ('conversation/created'), ('conversation/queued'))
    INSERT INTO event (at, type, conversation_id, queue_id, channel)
      SELECT c.enqueued_at, t.type, c.id, 'backlog', c.channel FROM n JOIN conversation c ON c.id = (SELECT co FROM base) + ${conversations} + n.i
      CROSS JOIN t;
    -- A hub that has been running has analysed and acknowledged everything it stored: its watermarks are at the end.
    UPDATE voc_state SET watermark = (SELECT MAX(id) FROM message);
    UPDATE ack_watermark SET last_message_id = (SELECT MAX(id) FROM message);
    COMMIT;
    PRAGMA wal_checkpoint(TRUNCATE);`,
  );
  await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}
