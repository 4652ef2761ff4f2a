/**
 * The kill -9 fault run shared by tests/integration/fault-kill.test.ts (small, in CI) and bench:fault (large):
 * signed inbound SMS webhooks and web chat messages stream into a hub child process, `inFlight` of each kind
 * at a time; mid-stream the hub is killed with SIGKILL, started again on the same data directory, and the
 * clients retry the way the real ones do — Twilio re-posts every webhook that did not get a 200 (same
 * MessageSid, same signed body), the widget resumes its session and re-sends every message it saw no ack for
 * (same clientId). Then the store, the agent side and the visitor side are checked: nothing lost, nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { Connection } from '../../services/store/connection';
import { sql } from '../../services/store/sql';
import { AgentClient } from '../support/agentClient';
import { VisitorClient } from '../support/visitorClient';
import { FAULT_AGENT, startChildHub, type ChildHub } from './childHub';

export type FaultOptions = Readonly<{
  sms: number;
  chat: number;
  /** Requests of each kind in flight at once (webhooks on as many connections; one chat per visitor). */
  inFlight: number;
  /** The kill comes once this share of both streams was acknowledged. */
  killAt: number;
  /** Keep the data directory (for a post-mortem) instead of deleting it. */
  keepDir?: boolean;
}>;

type Kind = 'sms' | 'chat';

type Item = {
  kind: Kind;
  /** MessageSid, or the widget's clientId. */
  id: string;
  visitor: number;
  params: Record<string, string>;
  acked: boolean;
  /** Acknowledged in the stream before the restart (200 / ack seen by the client). */
  ackedBeforeKill: boolean;
  /** The hub's message id from the ack (chat) — a resend must ack this same message. */
  messageId: number | null;
};

export type FaultReport = Readonly<{
  dataDir: string;
  sent: Readonly<Record<Kind, number>>;
  ackedBeforeKill: Readonly<Record<Kind, number>>;
  /** Requests that were on the wire when the hub died (no answer, no error answer). */
  inFlightAtKill: Readonly<Record<Kind, number>>;
  /** Of the retried items, how many the hub already had (committed, but the ack was lost with the process). */
  retriedAlreadyStored: Readonly<Record<Kind, number>>;
  retryRounds: number;
  /** Re-posts answered with anything but 200 (Twilio would count each as a failed delivery): must be 0. */
  retryRefusals: number;
  /** Acked before the kill, missing right after the restart (before any retry): must be empty. */
  ackedButLost: readonly string[];
  /** After the retries: sent but not stored / stored more than once: both must be empty. */
  lost: readonly string[];
  duplicated: readonly string[];
  /** A resend answered with another message than the first ack named: must be empty. */
  ackMismatches: readonly string[];
  /** Duplicate lines in what agents see (conversation/get) and what visitors see (session/resume). */
  agentDuplicates: number;
  agentMissing: number;
  visitorDuplicates: number;
  restartMs: number;
  runMs: number;
}>;

const phone = (i: number): string => `+1${String(3_000_000_000 + i).slice(0, 10)}`;

/** Keeps the two streams at about the same share done, so the kill lands in the middle of both. */
class Pace {
  private readonly done: Record<Kind, number> = { sms: 0, chat: 0 };
  private waiters: Array<() => void> = [];
  stopped = false;

  constructor(private readonly totals: Readonly<Record<Kind, number>>) {}

  share(kind: Kind): number {
    return this.totals[kind] === 0 ? 1 : this.done[kind] / this.totals[kind];
  }

  async turn(kind: Kind): Promise<void> {
    const other: Kind = kind === 'sms' ? 'chat' : 'sms';
    while (!this.stopped && this.share(other) < 1 && this.share(kind) > this.share(other) + 0.05) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  ack(kind: Kind): void {
    this.done[kind] += 1;
    this.wake();
  }

  wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

async function login(url: string): Promise<AgentClient> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FAULT_AGENT),
  });
  if (!res.ok) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
  const agent = await AgentClient.connect(url, ((await res.json()) as { token: string }).token);
  await agent.ok('presence/set', { presence: 'available' });
  return agent;
}

/** message/send that fails at once when the socket drops (the widget's ack never comes; it will resend). */
async function sendChat(v: VisitorClient, clientId: string, text: string): Promise<{ id: number; duplicate: boolean }> {
  let onDisconnect: (() => void) | undefined;
  const dropped = new Promise<never>((_, reject) => {
    onDisconnect = () => reject(new Error('disconnected'));
    v.socket.once('disconnect', onDisconnect);
  });
  try {
    const reply = await Promise.race([v.command('message/send', { clientId, text }), dropped]);
    if (!reply.ok) throw new Error(`message/send ${clientId}: ${reply.error.code} ${reply.error.message}`);
    return { id: reply.data.message.id, duplicate: reply.data.duplicate };
  } finally {
    if (onDisconnect) v.socket.off('disconnect', onDisconnect);
  }
}

/** provider_id -> rows, for the run's messages, read straight from the SQLite file the hub writes. */
async function storedCounts(dbFile: string): Promise<Map<string, number>> {
  const db = await Connection.open(dbFile, 'readonly');
  try {
    const rows = await db.all<{ provider_id: string; n: number }>(
      sql`SELECT provider_id, count(*) AS n FROM message WHERE direction = 'in' AND provider_id IS NOT NULL GROUP BY provider_id`,
    );
    return new Map(rows.map((r) => [r.provider_id, r.n]));
  } finally {
    await db.close();
  }
}

/** The chat providerId is `webchat:<visitor row>:<clientId>`; the suite's clientIds are unique on their own. */
const keyOf = (providerId: string): string =>
  providerId.startsWith('webchat:') ? providerId.slice(providerId.lastIndexOf(':') + 1) : providerId;

export async function runFault(options: FaultOptions): Promise<FaultReport> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-fault-'));
  const dbFile = path.join(dataDir, 'hub.sqlite');
  const run = randomBytes(3).toString('hex');
  const visitorsN = Math.max(1, Math.min(options.inFlight, options.chat));
  const phones = Math.max(1, Math.ceil(options.sms / 10));
  const items: Item[] = [];
  for (let i = 0; i < options.sms; i += 1) {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    items.push({
      kind: 'sms',
      id: sid,
      visitor: -1,
      params: {
        MessageSid: sid,
        AccountSid: DEMO_TWILIO.accountSid,
        From: phone(i % phones),
        To: DEMO_TWILIO.supportNumber,
        Body: `fault ${run} sms ${i}`,
        NumSegments: '1',
      },
      acked: false,
      ackedBeforeKill: false,
      messageId: null,
    });
  }
  for (let j = 0; j < options.chat; j += 1) {
    items.push({
      kind: 'chat',
      id: `f${run}-${j}`,
      visitor: j % visitorsN,
      params: { text: `fault ${run} chat ${j}` },
      acked: false,
      ackedBeforeKill: false,
      messageId: null,
    });
  }
  const sms = items.filter((i) => i.kind === 'sms');
  const chat = items.filter((i) => i.kind === 'chat');
  const byVisitor = Array.from({ length: visitorsN }, (_, v) => chat.filter((c) => c.visitor === v));

  let hub: ChildHub<object> | undefined = await startChildHub('fault', { FAULT_DIR: dataDir });
  const closers: Array<() => void> = [];
  try {
    // ---- before: one agent on (the chat queue is open only with someone online), visitors with a session.
    let agent = await login(hub.ready.url);
    closers.push(() => agent.close());
    let visitors = await Promise.all(byVisitor.map(async () => VisitorClient.connect(hub!.ready.url)));
    for (const v of visitors) closers.push(() => v.close());
    const tokens = await Promise.all(
      visitors.map(async (v, i) => (await v.ok('chat/start', { queueId: 'support', name: `Fault visitor ${i}` })).token),
    );

    // ---- the stream, and the kill in the middle of it.
    const pace = new Pace({ sms: sms.length, chat: chat.length });
    const inFlight: Record<Kind, number> = { sms: 0, chat: 0 };
    const inFlightAtKill: Record<Kind, number> = { sms: 0, chat: 0 };
    let killing: Promise<void> | undefined;
    const acked = (item: Item): void => {
      item.acked = true;
      // Every ack the client saw, even one read off the socket after the kill: each must be on disk.
      item.ackedBeforeKill = true;
      pace.ack(item.kind);
      if (!killing && pace.share('sms') >= options.killAt && pace.share('chat') >= options.killAt) {
        // The stream goes on for a random moment (up to a few ms, about one group commit) so the kill lands
        // anywhere in the hub's write cycle, sometimes between a COMMIT and the answers it releases.
        killing = (async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
          inFlightAtKill.sms = inFlight.sms;
          inFlightAtKill.chat = inFlight.chat;
          pace.stopped = true;
          pace.wake();
          await hub!.kill();
        })();
      }
    };
    const webhooks = new WebhookClient(hub.ready.url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, options.inFlight);
    let nextSms = 0;
    const smsWorkers = Array.from({ length: options.inFlight }, async () => {
      while (!pace.stopped && nextSms < sms.length) {
        await pace.turn('sms');
        if (pace.stopped) break;
        const item = sms[nextSms++]!;
        inFlight.sms += 1;
        try {
          const answer = await webhooks.post('/twilio/sms/inbound', item.params);
          if (answer.status === 200) acked(item);
        } catch {
          // The connection died with the hub: no answer, so Twilio will re-post it.
        } finally {
          inFlight.sms -= 1;
        }
      }
    });
    const chatWorkers = visitors.map(async (v, index) => {
      for (const item of byVisitor[index]!) {
        await pace.turn('chat');
        if (pace.stopped) break;
        inFlight.chat += 1;
        try {
          item.messageId = (await sendChat(v, item.id, item.params.text!)).id;
          acked(item);
        } catch {
          // No ack: the widget keeps the line as "sending" and re-sends it with the same clientId.
        } finally {
          inFlight.chat -= 1;
        }
      }
    });
    await Promise.all([...smsWorkers, ...chatWorkers]);
    webhooks.close();
    if (!killing) throw new Error('the stream ended before the kill point; raise the counts or lower killAt');
    await killing;
    hub = undefined;
    for (const close of closers.splice(0)) close();

    // ---- restart on the same data directory; nothing retried yet.
    const restartAt = performance.now();
    hub = await startChildHub('fault', { FAULT_DIR: dataDir });
    const restartMs = performance.now() - restartAt;
    const afterRestart = await storedCounts(dbFile);
    const storedKeys = new Set([...afterRestart.keys()].map(keyOf));
    const ackedButLost = items.filter((i) => i.ackedBeforeKill && !storedKeys.has(i.id)).map((i) => `${i.kind}:${i.id}`);
    const retriedAlreadyStored: Record<Kind, number> = { sms: 0, chat: 0 };
    for (const i of items) if (!i.acked && storedKeys.has(i.id)) retriedAlreadyStored[i.kind] += 1;

    // ---- retries, as the real clients do them.
    agent = await login(hub.ready.url);
    closers.push(() => agent.close());
    visitors = await Promise.all(byVisitor.map(async () => VisitorClient.connect(hub!.ready.url)));
    for (const v of visitors) closers.push(() => v.close());
    await Promise.all(visitors.map((v, i) => v.ok('session/resume', { token: tokens[i]! })));
    const ackMismatches: string[] = [];
    const rememberSent = new Map(items.map((i) => [i.id, i.acked]));
    let retryRounds = 0;
    const retryWebhooks = new WebhookClient(hub.ready.url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, options.inFlight);
    // Twilio re-posts a webhook that got no 200; a few rounds at most (each is answered at once here).
    // Twilio also re-posts a webhook whose 200 it did not see in time (its timeout, a dropped connection):
    // the last `inFlight` SMS acked before the kill go again too, and must be answered 200 like the rest.
    const ackedLast = sms.filter((i) => i.ackedBeforeKill).slice(-options.inFlight);
    let retryRefusals = 0;
    for (let round = 1; round <= 5 && (round === 1 || sms.some((i) => !i.acked)); round += 1) {
      retryRounds = round;
      const pending = [...(round === 1 ? ackedLast : []), ...sms.filter((i) => !i.acked)];
      let next = 0;
      await Promise.all(
        Array.from({ length: options.inFlight }, async () => {
          while (next < pending.length) {
            const item = pending[next++]!;
            const answer = await retryWebhooks.post('/twilio/sms/inbound', item.params);
            if (answer.status === 200) item.acked = true;
            else retryRefusals += 1;
          }
        }),
      );
    }
    retryWebhooks.close();
    // The widget resends its unacked lines in order, one visitor's lines one after another.
    await Promise.all(
      visitors.map(async (v, index) => {
        for (const item of byVisitor[index]!) {
          const reply = await sendChat(v, item.id, item.params.text!);
          // Acked ones too: a resend of an acked line (a widget that lost its own state) must ack the original.
          if (item.messageId !== null && reply.id !== item.messageId)
            ackMismatches.push(`${item.id}: first ack ${item.messageId}, resend ${reply.id}`);
          if (rememberSent.get(item.id) && !reply.duplicate) ackMismatches.push(`${item.id}: acked before, stored again`);
          item.acked = true;
        }
      }),
    );

    // ---- the store: every line exactly once.
    const final = await storedCounts(dbFile);
    const finalByKey = new Map<string, number>();
    for (const [providerId, n] of final) finalByKey.set(keyOf(providerId), (finalByKey.get(keyOf(providerId)) ?? 0) + n);
    const lost = items.filter((i) => !finalByKey.has(i.id)).map((i) => `${i.kind}:${i.id}`);
    const duplicated = items.filter((i) => (finalByKey.get(i.id) ?? 0) > 1).map((i) => `${i.kind}:${i.id}`);

    // ---- what people see: the agent's conversation view and the visitor's resumed chat.
    const db = await Connection.open(dbFile, 'readonly');
    const conversations = await db.all<{ id: number }>(sql`SELECT DISTINCT conversation_id AS id FROM message WHERE direction = 'in'`);
    await db.close();
    const seenByAgent = new Map<string, number>();
    for (const { id } of conversations) {
      const { messages } = await agent.ok('conversation/get', { conversationId: id });
      for (const m of messages)
        if (m.direction === 'in' && m.providerId) seenByAgent.set(keyOf(m.providerId), (seenByAgent.get(keyOf(m.providerId)) ?? 0) + 1);
    }
    const agentDuplicates = [...seenByAgent.values()].filter((n) => n > 1).length;
    const agentMissing = items.filter((i) => !seenByAgent.has(i.id)).length;
    let visitorDuplicates = 0;
    for (const [index, v] of visitors.entries()) {
      const view = await v.ok('session/resume', { token: tokens[index]! });
      const mine = view.messages.filter((m) => m.from === 'visitor').map((m) => m.clientId);
      visitorDuplicates += mine.length - new Set(mine).size;
    }

    return {
      dataDir,
      sent: { sms: sms.length, chat: chat.length },
      ackedBeforeKill: { sms: sms.filter((i) => i.ackedBeforeKill).length, chat: chat.filter((i) => i.ackedBeforeKill).length },
      inFlightAtKill,
      retriedAlreadyStored,
      retryRounds,
      retryRefusals,
      ackedButLost,
      lost,
      duplicated,
      ackMismatches,
      agentDuplicates,
      agentMissing,
      visitorDuplicates,
      restartMs,
      runMs: performance.now() - started,
    };
  } finally {
    for (const close of closers.splice(0)) close();
    await hub?.stop();
    if (!options.keepDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
