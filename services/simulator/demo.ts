import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { emailModule } from '../channels/email/module';
import { webchatModule } from '../channels/webchat';
import type { AnyHubModule } from '../hub/module';
import { hashPassword } from '../hub/auth';
import { defaultModules } from '../server/modules';
import { startHub, type Hub } from '../server/startHub';
import { findAgentByUsername } from '../store/repos/agents';
import { AgentBot, BotGate } from './agentBots';
import { backfillHistory } from './backfill';
import { SimClock } from './clock';
import { CustomerAnswers } from './customerAnswers';
import { DemoInbox } from './demoInbox';
import { demoInboxModule } from './demoModule';
import { DemoSmtp } from './demoSmtp';
import { DEMO_CHAT_FROM, DEMO_MAILBOX, demoEmailConfig, EmailFeed } from './emailFeed';
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
  /** Contacts the bots leave waiting for the person trying the demo (the newest ones). */
  SIM_LEAVE_WAITING: z.coerce.number().int().min(0).max(10_000).default(4),
  /** Share of agents' emails a simulated customer answers, and the mean delay of an answer. */
  SIM_EMAIL_ANSWER: z.coerce.number().min(0).max(1).default(0.5),
  SIM_EMAIL_ANSWER_MS: z.coerce.number().int().min(0).default(20_000),
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
  const quiet = (what: string, error: unknown): void => {
    if (!stopping && process.env.SIM_VERBOSE === '1') process.stderr.write(`sim: ${what}: ${(error as Error).message}\n`);
  };
  let stopping = false;

  // What the simulated customers receive: SMS through the Twilio stand-in, email through a real SMTP server.
  const inbox = new DemoInbox();
  const feed = new EmailFeed();
  let answers: CustomerAnswers | null = null;
  const standIn = await TwilioStandIn.start((sms) =>
    inbox.add({ kind: 'sms', to: sms.to, from: sms.from, subject: null, text: sms.body, messageId: null }),
  );
  const smtp = await DemoSmtp.start(
    (mail) => {
      inbox.add({ kind: 'email', to: mail.to, from: mail.from, subject: mail.subject, text: mail.text, messageId: mail.messageId });
      answers?.onMail(mail);
    },
    (error) => quiet('demo smtp', error),
  );
  let examples: readonly string[] = [];
  const inboxLink = {
    href: '/demo/inbox',
    text: 'Open the demo inbox: the codes for “My history” arrive there',
  } as const;
  // The default modules, with email read in process (no IMAP server in a one-command demo) and the page.
  const modules: AnyHubModule[] = [
    ...defaultModules().map((m): AnyHubModule => {
      if (m.name === 'email') return emailModule(feed.moduleOptions);
      if (m.name === 'webchat') return webchatModule({ chatPageLinks: [inboxLink] });
      return m;
    }),
    demoInboxModule(inbox, () => examples),
  ];
  const hub: Hub = await startHub(
    {
      port: env.SIM_PORT,
      dbFile: path.join(dataDir, 'switchboard.sqlite'),
      bootstrapAdmin: { username: 'admin', password: DEMO_PASSWORDS.admin },
      rendererDir: path.resolve('dist/renderer'),
      logLevel: 'warn',
      twilio: demoTwilioConfig(standIn.url),
      email: demoEmailConfig(smtp.port),
      // Every simulated visitor comes from 127.0.0.1: the per-IP guards are for the internet, not this.
      webchat: {
        maxConnectionsPerIp: 10_000,
        ipRate: { perSecond: 10_000, burst: 10_000 },
        abandonAfterDisconnectMs: 5_000,
        title: 'Example Shop',
        // Transcripts and "My history" codes by email go to the same demo SMTP server.
        smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: DEMO_CHAT_FROM },
      },
    },
    { now: clock.now, modules },
  );
  const { center } = hub;
  standIn.reportDeliveryTo(hub.url);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the demo…');
    for (const cleanup of cleanups.reverse()) await cleanup();
    await hub.stop();
    await smtp.stop();
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
  examples = past.withHistory;
  say(
    `History: ${people.length} customers, ${past.count} past contacts over ${env.SIM_HISTORY_MONTHS} months (${((Date.now() - historyStart) / 1000).toFixed(1)} s)`,
  );

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
    email: feed,
    patienceMs: env.SIM_PATIENCE_MS,
    onError: quiet,
  });
  answers = new CustomerAnswers({
    feed,
    people,
    random,
    share: env.SIM_EMAIL_ANSWER,
    delayMs: env.SIM_EMAIL_ANSWER_MS,
    onError: quiet,
  });
  const customerAnswers = answers;
  cleanups.push(() => customerAnswers.stop());

  const gate = new BotGate({
    leaveWaiting: env.SIM_LEAVE_WAITING,
    waiting: () => center.queueStats().reduce((n, q) => n + q.waiting, 0),
    isSimulatedChat: (id) => traffic.isSimulatedChat(id),
  });
  const bots: AgentBot[] = [];
  for (const name of botNames) {
    bots.push(
      await AgentBot.start(hub.url, name, DEMO_PASSWORDS.bot, {
        acceptShare: env.SIM_BOT_ACCEPT,
        handleMs: env.SIM_BOT_HANDLE_MS,
        dispositions: ['resolved', 'follow_up', 'no_answer'],
        random,
        gate,
        onError: quiet,
      }),
    );
  }
  cleanups.push(() => {
    for (const bot of bots) bot.stop();
  });

  traffic.start();
  cleanups.push(() => traffic.stop());

  say('');
  say(`Switchboard demo hub at ${hub.url}  (data in ${dataDir}${temp ? ', removed on exit' : ''})`);
  say('Sign in as:');
  say(`  supervisor / ${DEMO_PASSWORDS.supervisor}   (supervisor board)`);
  say(`  agent      / ${DEMO_PASSWORDS.agent}   (take contacts yourself)`);
  say(`  admin      / ${DEMO_PASSWORDS.admin}`);
  say(`Demo inbox (what the simulated customers received: email, SMS, one-time codes): ${hub.url}/demo/inbox`);
  say(`Web chat widget as a customer sees it: ${hub.url}/chat?queue=sales  (its "My history" codes arrive in the demo inbox)`);
  say(
    `${bots.length} simulated agents (bot1…) answer some contacts and leave the newest ${env.SIM_LEAVE_WAITING} waiting for you; a chat you open in the widget is never theirs.`,
  );
  say(
    `Email: replies go over SMTP to the demo's own mail server (nothing leaves this computer); mail to ${DEMO_MAILBOX} is read in process.`,
  );
  say(
    `Traffic per minute: ${rates.smsPerMinute} SMS, ${rates.callsPerMinute} calls, ${rates.chatsPerMinute} chats, ${rates.emailsPerMinute} emails.`,
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
      `[demo] arrived: ${s.sms} sms, ${s.calls} calls, ${s.chats} chats (+${s.offline} offline), ${s.emails} emails (+${customerAnswers.answered} answers); bots closed ${handled}; queues: ${waiting}`,
    );
  }, env.SIM_STATUS_MS);
  status.unref();
  cleanups.push(() => clearInterval(status));
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard demo failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
