/**
 * npm run bench:soak — a bounded soak: SOAK_VISITORS web chat visitors (real /visitor sockets) each sending
 * a line every SOAK_VISITOR_EVERY_MS, signed SMS webhooks at SOAK_SMS_PER_S, and SOAK_AGENTS agents (in
 * client processes) accepting and closing what they are offered, for SOAK_SECONDS; then it stops by itself.
 * The hub runs in a child process (benchHub.ts fault mode: web chat and Twilio on, limits raised for the one
 * loopback address). Its RSS is sampled every SOAK_SAMPLE_MS. At the end the store is read: every line sent
 * must be stored exactly once.
 * Email: a real dovecot (started here; skipped with the reason printed where dovecot cannot run) whose INBOX
 * the hub watches (IDLE, plus a NOOP every SOAK_EMAIL_CHECK_MS), and SOAK_EMAILS_PER_MIN customer mails
 * APPENDed to it, each from a new customer with its own Message-ID. After the run the bench waits (at most
 * SOAK_EMAIL_DRAIN_MS) for the last mails to be stored, then checks that every Message-ID became exactly
 * one stored inbound message, and reports APPEND -> stored and APPEND -> offer/new at an agent socket.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { Connection } from '../../services/store/connection';
import { sql } from '../../services/store/sql';
import { dovecotUnavailable, startDovecot } from '../support/dovecot';
import { customerMail, SUPPORT } from '../support/emailHub';
import { startSmtpRelay } from '../support/smtpRelay';
import { VisitorClient } from '../support/visitorClient';
import { fleetNow, startAgentFleet } from './agentFleet';
import { startChildHub } from './childHub';
import { loadavg, percentile, record } from './report';

const VISITORS = Number(process.env.SOAK_VISITORS ?? 1_000);
const AGENTS = Number(process.env.SOAK_AGENTS ?? 300);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const SMS_PER_S = Number(process.env.SOAK_SMS_PER_S ?? 20);
const VISITOR_EVERY_MS = Number(process.env.SOAK_VISITOR_EVERY_MS ?? 10_000);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 5_000);
const EMAILS_PER_MIN = Number(process.env.SOAK_EMAILS_PER_MIN ?? 60);
/** The hub's newMailCheckMs: 0 is IDLE alone (dovecot notifies 500 ms after a change; docs/email.md). */
const EMAIL_CHECK_MS = Number(process.env.SOAK_EMAIL_CHECK_MS ?? 100);
const EMAIL_DRAIN_MS = Number(process.env.SOAK_EMAIL_DRAIN_MS ?? 30_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** What must be stopped even when the run fails half-way (dovecot would outlive this process). */
const cleanups: Array<() => Promise<unknown>> = [];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-soak-'));
  const emailSkipped = EMAILS_PER_MIN > 0 ? dovecotUnavailable() : 'SOAK_EMAILS_PER_MIN=0';
  const dovecot = emailSkipped ? null : await startDovecot([SUPPORT]);
  if (dovecot) cleanups.push(() => dovecot.destroy());
  // Nothing in the soak mails customers (agents close without replying); a real relay in case something does.
  const relay = dovecot ? await startSmtpRelay() : null;
  if (relay) cleanups.push(() => relay.stop());
  const imap = dovecot ? await dovecot.client(SUPPORT) : null;
  const soakEmail: Record<string, string> =
    dovecot && relay
      ? {
          SOAK_EMAIL: JSON.stringify({
            host: dovecot.host,
            port: dovecot.port,
            user: SUPPORT.user,
            password: SUPPORT.password,
            smtpPort: relay.port,
            newMailCheckMs: EMAIL_CHECK_MS,
          }),
        }
      : {};
  const hub = await startChildHub<{ tokens: string[] }>('fault', { FAULT_DIR: dir, SOAK_AGENTS: String(AGENTS), ...soakEmail });
  const fleet = await startAgentFleet(hub.ready.url, hub.ready.tokens);
  // The first offer/new of each conversation at any agent socket (fleet clock): when a mail was offered.
  const firstOffer = new Map<number, number>();
  fleet.onOffer((o) => {
    if (!firstOffer.has(o.conversationId)) firstOffer.set(o.conversationId, o.at);
  });
  const visitors: VisitorClient[] = [];
  for (let i = 0; i < VISITORS; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, VISITORS - i) }, () => VisitorClient.connect(hub.ready.url)));
    await Promise.all(batch.map((v, j) => v.ok('chat/start', { queueId: 'support', name: `Soak visitor ${i + j}` })));
    visitors.push(...batch);
  }
  const webhooks = new WebhookClient(hub.ready.url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, 16);

  const sent = new Set<string>();
  const acks: number[] = [];
  let refused = 0;
  let unanswered = 0;
  const rss: Array<{ at: number; rssMb: number }> = [];
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  const running: Array<Promise<void>> = [];

  // Each visitor: a line every VISITOR_EVERY_MS, starting at a random offset, acked only after COMMIT.
  for (const v of visitors) {
    running.push(
      (async () => {
        await sleep(Math.random() * VISITOR_EVERY_MS);
        while (performance.now() < deadline) {
          const clientId = randomBytes(12).toString('hex');
          sent.add(clientId);
          const t0 = performance.now();
          try {
            const reply = await v.command('message/send', { clientId, text: `soak line ${clientId}` });
            if (reply.ok) acks.push(performance.now() - t0);
            else refused += 1;
          } catch {
            // No ack within 10 s: counted, and the store check below says whether the line got in anyway.
            unanswered += 1;
          }
          await sleep(VISITOR_EVERY_MS);
        }
      })(),
    );
  }
  // SMS: SMS_PER_S a second from 500 numbers, each answered 200 only after COMMIT.
  running.push(
    (async () => {
      let i = 0;
      const pending: Array<Promise<void>> = [];
      while (performance.now() < deadline) {
        const due = Math.floor(((performance.now() - start) / 1000) * SMS_PER_S);
        for (; i < due; i += 1) {
          const sid = `SM${randomBytes(16).toString('hex')}`;
          sent.add(sid);
          const t0 = performance.now();
          pending.push(
            (async () => {
              try {
                const answer = await webhooks.post('/twilio/sms/inbound', {
                  MessageSid: sid,
                  AccountSid: DEMO_TWILIO.accountSid,
                  From: `+1555${String(2_000_000 + (i % 500))}`,
                  To: DEMO_TWILIO.supportNumber,
                  Body: `soak sms ${i}`,
                  NumMedia: '0',
                });
                if (answer.status === 200) acks.push(performance.now() - t0);
                else refused += 1;
              } catch {
                unanswered += 1;
              }
            })(),
          );
        }
        await sleep(50);
      }
      await Promise.all(pending);
    })(),
  );
  // Email: EMAILS_PER_MIN customer mails APPENDed to the watched INBOX, one at a time on the bench's own
  // IMAP connection, each from a new customer (a new conversation) with its own Message-ID.
  const mails = new Map<string, { wall: number; fleet: number }>();
  let appendFailed = 0;
  running.push(
    (async () => {
      if (!imap) return;
      let i = 0;
      while (performance.now() < deadline) {
        const due = Math.floor(((performance.now() - start) / 60_000) * EMAILS_PER_MIN);
        for (; i < due && performance.now() < deadline; i += 1) {
          const messageId = `soak-${i}-${randomBytes(6).toString('hex')}@customer.example`;
          const raw = customerMail({
            from: `Soak Customer ${i} <soak-customer-${i}@customer.example>`,
            subject: `Soak mail ${i}`,
            messageId: `<${messageId}>`,
            body: `Hello, this is soak mail ${i}: my order has not arrived.`,
          });
          const at = { wall: Date.now(), fleet: fleetNow() };
          try {
            await imap.append('INBOX', raw);
            mails.set(messageId, at);
          } catch {
            // Not known to be in the mailbox: counted apart, not in lost.
            appendFailed += 1;
          }
        }
        await sleep(50);
      }
    })(),
  );
  running.push(
    (async () => {
      while (performance.now() < deadline) {
        rss.push({ at: Math.round((performance.now() - start) / 1000), rssMb: (await hub.stats<{ rssMb: number }>()).rssMb });
        await sleep(SAMPLE_MS);
      }
    })(),
  );
  await Promise.all(running);
  const load = loadavg();

  // The store: every line exactly once (chat providerIds are webchat:<visitor>:<clientId>).
  const db = await Connection.open(path.join(dir, 'hub.sqlite'), 'readonly');
  // Mail APPENDed near the end is still on its way in: wait for it, boundedly (what is missing then is lost).
  const storedMail = async (): Promise<Array<{ message_id: string | null; conversation_id: number; created_at: number }>> =>
    db.all(
      sql`SELECT json_extract(m.meta, '$.email.messageId') AS message_id, m.conversation_id, m.created_at FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.direction = 'in' AND c.channel = 'email'`,
    );
  const drainStart = performance.now();
  let mailRows = await storedMail();
  const missing = (): boolean => {
    const seen = new Set(mailRows.map((r) => r.message_id));
    return [...mails.keys()].some((id) => !seen.has(id));
  };
  while (missing() && performance.now() - drainStart < EMAIL_DRAIN_MS) {
    await sleep(200);
    mailRows = await storedMail();
  }
  const drainMs = performance.now() - drainStart;
  const rows = await db.all<{ provider_id: string; n: number }>(
    sql`SELECT provider_id, count(*) AS n FROM message WHERE direction = 'in' AND provider_id IS NOT NULL GROUP BY provider_id`,
  );
  await db.close();
  const stored = new Map<string, number>();
  for (const r of rows) {
    const key = r.provider_id.startsWith('webchat:') ? r.provider_id.slice(r.provider_id.lastIndexOf(':') + 1) : r.provider_id;
    stored.set(key, (stored.get(key) ?? 0) + r.n);
  }
  const lost = [...sent].filter((id) => !stored.has(id)).length;
  const duplicated = [...sent].filter((id) => (stored.get(id) ?? 0) > 1).length;

  // Email, by Message-ID: every APPENDed mail exactly one stored inbound message, nothing else stored.
  const byMessageId = new Map<string, Array<{ conversation_id: number; created_at: number }>>();
  for (const r of mailRows) byMessageId.set(r.message_id ?? '', [...(byMessageId.get(r.message_id ?? '') ?? []), r]);
  const mailLost = [...mails.keys()].filter((id) => !byMessageId.has(id)).length;
  const mailDuplicated = [...mails.keys()].filter((id) => (byMessageId.get(id)?.length ?? 0) > 1).length;
  const mailUnexpected = [...byMessageId.keys()].filter((id) => !mails.has(id)).length;
  const toStored: number[] = [];
  const toOffered: number[] = [];
  for (const [id, at] of mails) {
    const row = byMessageId.get(id)?.[0];
    if (!row) continue;
    toStored.push(row.created_at - at.wall);
    const offered = firstOffer.get(row.conversation_id);
    if (offered !== undefined) toOffered.push(offered - at.fleet);
  }
  toStored.sort((a, b) => a - b);
  toOffered.sort((a, b) => a - b);

  webhooks.close();
  for (const v of visitors) v.close();
  await fleet.stop();
  await hub.stop();
  await imap?.logout().catch(() => undefined);
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
  rmSync(dir, { recursive: true, force: true });

  acks.sort((a, b) => a - b);
  const warm = rss.filter((s) => s.at >= SECONDS / 4);
  const warmStart = warm[0]?.rssMb ?? Number.NaN;
  const growth = warm.length > 1 ? ((Math.max(...warm.map((s) => s.rssMb)) - warmStart) / warmStart) * 100 : 0;
  const p99 = percentile(acks, 99);
  const figures = (l: readonly number[]): string =>
    l.length === 0
      ? 'none'
      : `p50 ${percentile(l, 50).toFixed(0)} ms, p99 ${percentile(l, 99).toFixed(0)} ms, max ${(l.at(-1) ?? 0).toFixed(0)} ms`;
  record('Soak: chat visitors + SMS + email + agents for a bounded time', 'npm run bench:soak', [
    `setup: ${VISITORS} web chat visitors (a line every ${VISITOR_EVERY_MS / 1000} s each), ${SMS_PER_S} signed SMS webhooks/s, ${emailSkipped ? 'no email' : `${EMAILS_PER_MIN} customer mails/min APPENDed to a real dovecot the hub watches (IDLE + NOOP every ${EMAIL_CHECK_MS} ms)`}, ${AGENTS} agents in ${fleet.processes} client processes accepting and closing, ${SECONDS} s`,
    `sent ${sent.size} lines, acknowledged ${acks.length}, refused ${refused}, unanswered ${unanswered}; lost ${lost}, duplicated ${duplicated} (target 0 / 0)`,
    `ack latency (chat ack and SMS 200, both after COMMIT): p50 ${percentile(acks, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(acks.at(-1) ?? 0).toFixed(1)} ms (target p99 < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'})`,
    emailSkipped
      ? `email: skipped (${emailSkipped})`
      : `email: appended ${mails.size} mails (APPEND failed ${appendFailed}), stored ${mailRows.length} inbound email messages (${drainMs.toFixed(0)} ms after the run for the last ones); by Message-ID lost ${mailLost}, duplicated ${mailDuplicated}, unexpected ${mailUnexpected} (target 0 / 0)`,
    ...(emailSkipped
      ? []
      : [
          `email latency, APPEND start -> message stored (its row's time, set just before its commit): ${figures(toStored)}; -> offer/new at an agent socket (${toOffered.length} of ${toStored.length} offered): ${figures(toOffered)}`,
        ]),
    `hub RSS every ${SAMPLE_MS / 1000} s (s: MB): ${rss.map((s) => `${s.at}: ${s.rssMb}`).join(', ')}`,
    `RSS growth after warm-up (from ${SECONDS / 4} s on): ${growth.toFixed(1)}% (target < 10%)`,
    `load average (1/5/15 min) at the end: ${load}`,
  ]);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await Promise.all(cleanups.map((stop) => stop().catch(() => undefined)));
  process.exit(1);
});
