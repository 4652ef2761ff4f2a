import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueueInput } from '../../services/contracts';
import { startHub, type Hub, type HubExtensions } from '../../services/server/startHub';
import type { HubConfigInput } from '../../services/hub/config';
import { AgentClient } from './agentClient';
import { testStoreConfig } from './testStore';

export const ADMIN_PASSWORD = 'admin-password-1';

export type TestHub = {
  hub: Hub;
  dir: string;
  dbFile: string;
  login(username: string, password: string): Promise<string>;
  connect(username: string, password: string): Promise<AgentClient>;
  admin(): Promise<AgentClient>;
  restart(): Promise<void>;
  stop(): Promise<void>;
};

/** A real hub on loopback with a fresh SQLite file in a temp dir (or PostgreSQL database: see testStore.ts). */
export async function startTestHub(config: Partial<HubConfigInput> = {}, extensions: HubExtensions = {}): Promise<TestHub> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-test-'));
  const dbFile = path.join(dir, 'hub.sqlite');
  const store = config.store ? undefined : await testStoreConfig();
  const full: HubConfigInput = {
    dbFile,
    ...(store ? { store } : {}),
    // Team mode: every hub of one database shares one dataDir, as in production (cluster/sharedDataDir.ts).
    ...sharedDataDirOf(config.store ?? store),
    // SWITCHBOARD_TEST_LOG=error shows what the hub logged (a command's internal error, a failed job).
    logLevel: (process.env.SWITCHBOARD_TEST_LOG as HubConfigInput['logLevel']) ?? 'silent',
    bootstrapAdmin: { username: 'admin', password: ADMIN_PASSWORD },
    tickMs: 20,
    statsPushMs: 10,
    agentStatsPushMs: 10,
    ...config,
  };
  const clients: AgentClient[] = [];
  const t: TestHub = {
    hub: await startHub(full, extensions),
    dir,
    dbFile,
    async login(username, password) {
      const res = await fetch(`${t.hub.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async connect(username, password) {
      const client = await AgentClient.connect(t.hub.url, await t.login(username, password));
      clients.push(client);
      return client;
    },
    admin() {
      return t.connect('admin', ADMIN_PASSWORD);
    },
    async restart() {
      for (const c of clients.splice(0)) c.close();
      await t.hub.stop();
      t.hub = await startHub({ ...full, port: t.hub.port }, extensions);
    },
    async stop() {
      for (const c of clients.splice(0)) c.close();
      await t.hub.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** The dataDir every test hub of one PostgreSQL database shares (a team's shared volume); none on SQLite. */
export function sharedDataDirOf(store: HubConfigInput['store'] | undefined): { dataDir?: string } {
  if (store?.engine !== 'postgres') return {};
  // Keyed by the database's name (unique per test database), not the URL: a hub may reach it through a relay.
  const database = new URL(store.url).pathname;
  const dir = path.join(tmpdir(), `switchboard-team-${createHash('sha256').update(database).digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  return { dataDir: dir };
}

export const supportQueue: QueueInput = {
  id: 'support',
  name: 'Support',
  channels: ['voice', 'sms', 'email', 'chat'],
  skills: {},
  slaSeconds: 60,
  priority: 0,
};

/** Creates agents (password = username + "-password") and the support queue through the admin commands. */
export async function seed(
  t: TestHub,
  agents: ReadonlyArray<{ username: string; role?: 'agent' | 'supervisor' | 'admin'; skills?: Record<string, number> }>,
  queues: readonly QueueInput[] = [supportQueue],
): Promise<void> {
  const admin = await t.admin();
  for (const q of queues) await admin.ok('admin/queueUpsert', q);
  for (const a of agents) {
    await admin.ok('admin/agentUpsert', {
      username: a.username,
      displayName: a.username.toUpperCase(),
      role: a.role ?? 'agent',
      skills: a.skills ?? {},
      password: `${a.username}-password`,
    });
  }
  admin.close();
}

let providerSeq = 0;
export function chatEvent(over: Partial<Parameters<Hub['center']['ingest']>[0]> = {}): Parameters<Hub['center']['ingest']>[0] {
  providerSeq += 1;
  return {
    channel: 'chat',
    providerId: `test-${process.pid}-${providerSeq}`,
    from: { kind: 'email', value: `visitor${providerSeq}@example.com`, displayName: `Visitor ${providerSeq}` },
    queueId: 'support',
    bodyText: `hello ${providerSeq}`,
    ...over,
  };
}
