import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EmailFeed } from './emailFeed';
import { ChatVisitor } from './chatVisitor';
import { fill, topics, type Person, type Random } from './people';
import { DEMO_TWILIO, twilioSid } from './twilioStandIn';
import { WebhookClient } from './webhookClient';

/** Arrivals per minute per channel (Poisson); 0 switches a channel off. */
export const TrafficRates = z.object({
  smsPerMinute: z.number().min(0).max(60_000).default(2),
  callsPerMinute: z.number().min(0).max(60_000).default(1),
  chatsPerMinute: z.number().min(0).max(60_000).default(2),
  emailsPerMinute: z.number().min(0).max(60_000).default(1),
});
export type TrafficRates = z.output<typeof TrafficRates>;

export type TrafficStats = { sms: number; calls: number; chats: number; offline: number; emails: number; hangups: number; errors: number };

export type TrafficOptions = Readonly<{
  hubUrl: string;
  rates: TrafficRates;
  people: readonly Person[];
  random: Random;
  /** Present when the hub runs in this process: email goes through the email channel's inbound processor. */
  email: EmailFeed | null;
  /** A caller or chat visitor gives up after this long on average (ms). */
  patienceMs: number;
  onError?(what: string, error: unknown): void;
}>;

/**
 * Live traffic through the hub's real entry points: signed Twilio webhooks over HTTP (SMS, calls and the
 * caller's hang-up), socket.io visitors on /visitor, and email through the email channel's inbound
 * processor. Arrivals are Poisson per channel; customers are drawn from the pool, so returning customers
 * thread onto their history.
 */
export class TrafficGenerator {
  readonly stats: TrafficStats = { sms: 0, calls: 0, chats: 0, offline: 0, emails: 0, hangups: 0, errors: 0 };
  /** Chats this generator opened: any other chat on the hub is a real visitor's. */
  private readonly simulatedChats = new Set<number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly visitors = new Set<ChatVisitor>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly webhooks: WebhookClient;
  private stopped = false;

  constructor(private readonly o: TrafficOptions) {
    this.webhooks = new WebhookClient(o.hubUrl, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, 16);
  }

  isSimulatedChat(conversationId: number): boolean {
    return this.simulatedChats.has(conversationId);
  }

  start(): void {
    this.every(this.o.rates.smsPerMinute, () => this.sms());
    this.every(this.o.rates.callsPerMinute, () => this.call());
    this.every(this.o.rates.chatsPerMinute, () => this.chat());
    if (this.o.email) this.every(this.o.rates.emailsPerMinute, () => this.email());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    for (const visitor of this.visitors) visitor.close();
    this.visitors.clear();
    this.webhooks.close();
  }

  private every(perMinute: number, arrive: () => Promise<void>): void {
    if (perMinute <= 0) return;
    const schedule = (): void => {
      const gap = (-Math.log(1 - this.o.random.next()) * 60_000) / perMinute;
      this.after(gap, () => {
        schedule();
        return arrive();
      });
    };
    schedule();
  }

  private after(ms: number, work: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      const running = work().catch((error: unknown) => {
        this.stats.errors += 1;
        this.o.onError?.('traffic', error);
      });
      this.inFlight.add(running);
      void running.finally(() => this.inFlight.delete(running));
    }, ms);
    this.timers.add(timer);
  }

  private patience(): number {
    return Math.round(this.o.patienceMs * (0.5 + this.o.random.next()));
  }

  private async sms(): Promise<void> {
    const who = this.o.random.pick(this.o.people);
    const topic = this.o.random.pick(topics);
    await this.webhook('/twilio/sms/inbound', {
      MessageSid: twilioSid('SM'),
      AccountSid: DEMO_TWILIO.accountSid,
      From: who.phone,
      To: DEMO_TWILIO.supportNumber,
      Body: fill(topic.first, this.o.random),
      NumSegments: '1',
    });
    this.stats.sms += 1;
    if (this.o.random.chance(0.4)) {
      this.after(5_000 + this.o.random.int(20_000), async () => {
        await this.webhook('/twilio/sms/inbound', {
          MessageSid: twilioSid('SM'),
          AccountSid: DEMO_TWILIO.accountSid,
          From: who.phone,
          To: DEMO_TWILIO.supportNumber,
          Body: topic.follow,
          NumSegments: '1',
        });
        this.stats.sms += 1;
      });
    }
  }

  private async call(): Promise<void> {
    const who = this.o.random.pick(this.o.people);
    const callSid = twilioSid('CA');
    const to = this.o.random.chance(0.7) ? DEMO_TWILIO.supportNumber : DEMO_TWILIO.salesNumber;
    await this.webhook('/twilio/voice/incoming', {
      CallSid: callSid,
      AccountSid: DEMO_TWILIO.accountSid,
      From: who.phone,
      To: to,
      CallStatus: 'ringing',
      CallerName: who.name,
    });
    this.stats.calls += 1;
    // Every caller hangs up at some point: while waiting (abandoned) or after talking (the agent wraps up).
    this.after(this.patience(), async () => {
      await this.webhook('/twilio/voice/status', {
        CallSid: callSid,
        AccountSid: DEMO_TWILIO.accountSid,
        CallStatus: 'completed',
        CallDuration: '60',
      });
      this.stats.hangups += 1;
    });
  }

  private async chat(): Promise<void> {
    const who = this.o.random.pick(this.o.people);
    const topic = this.o.random.pick(topics);
    const visitor = await ChatVisitor.connect(this.o.hubUrl);
    this.visitors.add(visitor);
    const how = await visitor.start('sales', who, fill(topic.first, this.o.random), clientId()).catch((error: unknown) => {
      visitor.close();
      this.visitors.delete(visitor);
      throw error;
    });
    if (how === 'offline') {
      this.stats.offline += 1;
      visitor.close();
      this.visitors.delete(visitor);
      return;
    }
    this.simulatedChats.add(how.conversationId);
    this.stats.chats += 1;
    if (this.o.random.chance(0.5)) this.after(3_000 + this.o.random.int(10_000), () => visitor.say(topic.follow, clientId()));
    this.after(this.patience(), async () => {
      this.visitors.delete(visitor);
      await visitor.leave();
    });
  }

  private async email(): Promise<void> {
    const who = this.o.random.pick(this.o.people);
    const topic = this.o.random.pick(topics);
    const outcome = await this.o.email?.deliver(
      who,
      topic.subject,
      `${fill(topic.first, this.o.random)}\r\n\r\n${topic.follow}\r\n\r\n${who.name}`,
    );
    if (outcome instanceof Error) throw outcome;
    this.stats.emails += 1;
  }

  private async webhook(path: string, params: Record<string, string>): Promise<void> {
    const answer = await this.webhooks.post(path, params);
    if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  }
}

function clientId(): string {
  return randomBytes(12).toString('base64url');
}
