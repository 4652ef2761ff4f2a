import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { hashPassword } from '../hub/auth';
import { startHub, type Hub } from '../server/startHub';
import { findAgentByUsername } from '../store/repos/agents';
import { AgentBot } from './agentBots';
import { backfillHistory } from './backfill';
import { SimClock } from './clock';
import { EmailFeed } from './emailFeed';
import { person, seededRandom } from './people';
import { TrafficGenerator, TrafficRates } from './simulator';
import { demoTwilioConfig, TwilioStandIn } from './twilioStandIn';

/** Knobs, from the environment (all optional): sizes for a demo, a smoke test or a soak run. */
const DemoEnv = z.object({
  SIM_DATA: z.string().optional(),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4790),
  SIM_CUSTOMERS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  SIM_HISTORY_MONTHS: z.coerce.number().min(0).max(60).default(6),
  SIM_HISTORY_PER_CUSTOMER: z.coerce.number().int().min(0).max(100).default(3),
  SIM_BOTS: z.coerce.number().int().min(0).max(500).default(3),
  SIM_BOT_ACCEPT: z.coerce.number().min(0).max(1).default(0.8),
  SIM_BOT_HANDLE_MS: z.coerce.number().int().min(0).default(8000),
  SIM_PATIENCE_MS: z.coerce.number().int().min(100).default(90_000),
  SIM_SMS_PER_MIN: z.coerce.number().min(0).default(3),
  SIM_CALLS_PER_MIN: z.coerce.number().min(0).default(1.5),
  SIM_CHATS_PER_MIN: z.coerce.number().min(0).default(3),
  SIM_EMAILS_PER_MIN: z.coerce.number().min(0).default(1.5),
  SIM_STATUS_MS: z.coerce.number().int().min(100).default(15_000),
  SIM_SEED: z.coerce.number().int().default(42),
});

const DEMO_PASSWORDS = { admin: 'demo-admin-pw', supervisor: 'demo-super-pw', agent: 'demo-agent-pw', bot: 'demo-bot-password' } as const;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * `npm run demo` (through build/demo.mjs): a hub on a fresh demo database, Twilio stood in on loopback,
 * months of customer history, a few bot agents and live traffic at a gentle rate. Ctrl-C stops it all.
 */
async function main(): Promise<void> {
  const env = DemoEnv.parse(process.env);
  const temp = env.SIM_DATA ? null : mkdtempSync(path.join(tmpdir(), 'switchboard-demo-'));
  const dataDir = path.resolve(env.SIM_DATA ?? temp ?? 'data-demo');
  if (env.SIM_DATA) rmSync(dataDir, { recursive: true, force: true }); // "fresh": the demo never reuses a database
  mkdirSync(dataDir, { recursive: true });

  const random = seededRandom(env.SIM_SEED);
  const clock = new SimClock();
  const standIn = await TwilioStandIn.start();
  const hub: Hub = await startHub(
    {
      port: env.SIM_PORT,
      dbFile: path.join(dataDir, 'switchboard.sqlite'),
      bootstrapAdmin: { username: 'admin', password: DEMO_PASSWORDS.admin },
      rendererDir: path.resolve('dist/renderer'),
      logLevel: 'warn',
      twilio: demoTwilioConfig(standIn.url),
      // Every simulated visitor comes from 127.0.0.1: the per-IP guards are for the internet, not this.
      webchat: { maxConnectionsPerIp: 10_000, ipRate: { perSecond: 10_000, burst: 10_000 }, abandonAfterDisconnectMs: 5_000 },
    },
    { now: clock.now },
  );
  const { center } = hub;
  standIn.reportDeliveryTo(hub.url);
  let stopping = false;
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the demo…');
    for (const cleanup of cleanups.reverse()) await cleanup();
    await hub.stop();
    await standIn.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
    say('Demo stopped.');
  };
  // Ctrl-C reaches this process twice (the terminal's process group, then build/demo.mjs forwarding it):
  // the first one stops everything, later ones must not cut that short.
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) return;
    signalled = true;
    void (async () => {
      try {
        await stopAll();
        process.exit(0);
      } catch (error) {
        process.stderr.write(`demo stop failed: ${(error as Error).message}\n`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const allChannels = ['voice', 'sms', 'email', 'chat'] as const;
  await center.upsertQueue({
    id: 'support',
    name: 'Support',
    channels: [...allChannels],
    skills: {},
    slaSeconds: 60,
    priority: 0,
    slTargetPercent: 80,
  });
  await center.upsertQueue({
    id: 'sales',
    name: 'Sales',
    channels: [...allChannels],
    skills: {},
    slaSeconds: 30,
    priority: 10,
    slTargetPercent: 80,
  });
  await center.upsertAgent({
    username: 'supervisor',
    displayName: 'Sam Supervisor',
    role: 'supervisor',
    skills: {},
    passwordHash: await hashPassword(DEMO_PASSWORDS.supervisor),
  });
  await center.upsertAgent({
    username: 'agent',
    displayName: 'Alex Agent',
    role: 'agent',
    skills: {},
    passwordHash: await hashPassword(DEMO_PASSWORDS.agent),
  });
  const botHash = await hashPassword(DEMO_PASSWORDS.bot);
  const botNames = Array.from({ length: env.SIM_BOTS }, (_, i) => `bot${i + 1}`);
  for (const name of botNames)
    await center.upsertAgent({
      username: name,
      displayName: `Bot ${name.slice(3)} (simulated)`,
      role: 'agent',
      skills: {},
      passwordHash: botHash,
    });

  const people = Array.from({ length: env.SIM_CUSTOMERS }, (_, i) => person(random, i));
  const admin = await findAgentByUsername(hub.store, 'admin');
  if (!admin) throw new Error('demo admin missing');
  const historyStart = Date.now();
  const past = await backfillHistory({
    center,
    clock,
    people,
    random,
    months: env.SIM_HISTORY_MONTHS,
    maxContactsPerCustomer: env.SIM_HISTORY_PER_CUSTOMER,
    closerId: admin.id,
    dispositions: ['resolved', 'follow_up', 'no_answer'],
  });
  say(
    `History: ${people.length} customers, ${past} past contacts over ${env.SIM_HISTORY_MONTHS} months (${((Date.now() - historyStart) / 1000).toFixed(1)} s)`,
  );

  const quiet = (what: string, error: unknown): void => {
    if (!stopping && process.env.SIM_VERBOSE === '1') process.stderr.write(`sim: ${what}: ${(error as Error).message}\n`);
  };
  const bots: AgentBot[] = [];
  for (const name of botNames) {
    bots.push(
      await AgentBot.start(hub.url, name, DEMO_PASSWORDS.bot, {
        acceptShare: env.SIM_BOT_ACCEPT,
        handleMs: env.SIM_BOT_HANDLE_MS,
        dispositions: ['resolved', 'follow_up', 'no_answer'],
        random,
        onError: quiet,
      }),
    );
  }
  cleanups.push(() => {
    for (const bot of bots) bot.stop();
  });

  const rates = TrafficRates.parse({
    smsPerMinute: env.SIM_SMS_PER_MIN,
    callsPerMinute: env.SIM_CALLS_PER_MIN,
    chatsPerMinute: env.SIM_CHATS_PER_MIN,
    emailsPerMinute: env.SIM_EMAILS_PER_MIN,
  });
  const traffic = new TrafficGenerator({
    hubUrl: hub.url,
    rates,
    people,
    random,
    email: new EmailFeed({ center, store: hub.store, dataDir, log: hub.log, now: clock.now }),
    patienceMs: env.SIM_PATIENCE_MS,
    onError: quiet,
  });
  traffic.start();
  cleanups.push(() => traffic.stop());

  say('');
  say(`Switchboard demo hub at ${hub.url}  (data in ${dataDir}${temp ? ', removed on exit' : ''})`);
  say('Sign in as:');
  say(`  supervisor / ${DEMO_PASSWORDS.supervisor}   (supervisor board)`);
  say(`  agent      / ${DEMO_PASSWORDS.agent}   (take contacts yourself)`);
  say(`  admin      / ${DEMO_PASSWORDS.admin}`);
  say(
    `${bots.length} simulated agents (bot1…) answer some contacts. Traffic per minute: ${rates.smsPerMinute} SMS, ${rates.callsPerMinute} calls, ${rates.chatsPerMinute} chats, ${rates.emailsPerMinute} emails.`,
  );
  say('Ctrl-C stops everything.');

  const status = setInterval(() => {
    const waiting = center
      .queueStats()
      .map((q) => `${q.queueId} ${q.waiting} waiting/${q.active} active`)
      .join(', ');
    const s = traffic.stats;
    const handled = bots.reduce((n, b) => n + b.stats.closed, 0);
    say(
      `[demo] arrived: ${s.sms} sms, ${s.calls} calls, ${s.chats} chats (+${s.offline} offline), ${s.emails} emails; bots closed ${handled}; queues: ${waiting}`,
    );
  }, env.SIM_STATUS_MS);
  status.unref();
  cleanups.push(() => clearInterval(status));
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard demo failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
