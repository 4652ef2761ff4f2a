import { io, type Socket } from 'socket.io-client';
import type { CommandInput, CommandOutput, CommandReply, HubCommandName, Offer } from '../contracts';
import { agentReplies, type Random } from './people';

export type BotOptions = Readonly<{
  /** Share of offers a bot accepts; the rest it rejects (the work goes back to the queue). */
  acceptShare: number;
  /** How long a bot "works" a contact before answering, and again before closing (ms, scaled by random). */
  handleMs: number;
  dispositions: readonly string[];
  random: Random;
  /** Which offers bots may take at all (the demo leaves some for the person trying it); all when absent. */
  gate?: BotGate;
  onError?(what: string, error: unknown): void;
}>;

export type GateOptions = Readonly<{
  /** Contacts left waiting for the person trying the demo: bots take work only while more than this wait. */
  leaveWaiting: number;
  /** Contacts waiting now, across queues (offered ones included). */
  waiting: () => number;
  /** True for a chat the simulator opened; any other chat is a real visitor's and is never a bot's. */
  isSimulatedChat: (conversationId: number) => boolean;
}>;

/**
 * What the bots may take, decided once per offer and shared by every bot: never a chat a real visitor
 * opened in the widget (that one is for the human agent, and a bot must not answer or end it), and never
 * the last `leaveWaiting` contacts in the queues. The router offers the oldest first, so the newest few
 * stay for the person trying the demo. Accepts still in flight count as taken, so three bots deciding at
 * once do not all take the same last contacts.
 */
export class BotGate {
  private taking = 0;

  constructor(private readonly o: GateOptions) {}

  /** Claims the offer for a bot, or says why it is left; a claim is released with done(). */
  claim(offer: Offer): 'claimed' | 'visitor' | 'reserve' {
    if (offer.channel === 'chat' && !this.o.isSimulatedChat(offer.conversationId)) return 'visitor';
    if (this.o.waiting() - this.taking <= this.o.leaveWaiting) return 'reserve';
    this.taking += 1;
    return 'claimed';
  }

  done(): void {
    this.taking = Math.max(0, this.taking - 1);
  }
}

type Stats = { accepted: number; rejected: number; left: number; closed: number; failed: number };

/**
 * A simulated agent: a real socket.io client on /agent speaking the desktop's protocol. It goes available,
 * accepts some offers, answers the customer (not on calls: there is no voice), and closes with a
 * disposition — so queues drain and the supervisor board moves.
 */
export class AgentBot {
  readonly stats: Stats = { accepted: 0, rejected: 0, left: 0, closed: 0, failed: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  private constructor(
    readonly username: string,
    private readonly socket: Socket,
    private readonly options: BotOptions,
  ) {
    socket.on('offer/new', (offer: Offer) => void this.onOffer(offer));
  }

  /** Signs in over HTTP like the desktop does, then connects and goes available. */
  static async start(hubUrl: string, username: string, password: string, options: BotOptions): Promise<AgentBot> {
    const res = await fetch(`${hubUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`bot ${username} could not sign in: HTTP ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    const socket = io(`${hubUrl}/agent`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    const bot = new AgentBot(username, socket, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });
    await bot.ok('presence/set', { presence: 'available' });
    return bot;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket.close();
  }

  private async onOffer(offer: Offer): Promise<void> {
    if (this.stopped) return;
    // Decided at once, before any "thinking": an offer a bot leaves is free for the human agent a moment later.
    let claim = this.options.gate?.claim(offer) ?? 'claimed';
    // A simulated chat's offer can arrive a moment before the simulator has noted the chat as its own.
    if (claim === 'visitor') {
      await this.later(700).catch(() => undefined);
      if (this.stopped) return;
      claim = this.options.gate?.claim(offer) ?? 'claimed';
    }
    if (claim !== 'claimed') {
      try {
        await this.ok('offer/reject', {
          offerId: offer.offerId,
          reason:
            claim === 'visitor'
              ? 'simulated agent: a real visitor, left for a person'
              : 'simulated agent: left for the person trying the demo',
        });
        this.stats.left += 1;
      } catch (error) {
        if (!this.stopped) this.options.onError?.(`${this.username} leaving conversation ${offer.conversationId}`, error);
      }
      return;
    }
    let claimed = true;
    const release = (): void => {
      if (claimed) this.options.gate?.done();
      claimed = false;
    };
    try {
      await this.later(300 + this.options.random.int(1200));
      if (!this.options.random.chance(this.options.acceptShare)) {
        release();
        await this.ok('offer/reject', { offerId: offer.offerId, reason: 'simulated: busy with something else' });
        this.stats.rejected += 1;
        return;
      }
      const conversation = await this.ok('offer/accept', { offerId: offer.offerId }).finally(release);
      this.stats.accepted += 1;
      await this.later(this.workTime());
      if (conversation.channel !== 'voice') {
        // Every channel the demo runs has an outbound side (email goes to the demo's SMTP server).
        await this.ok('message/send', { conversationId: conversation.id, bodyText: this.options.random.pick(agentReplies) });
        await this.later(this.workTime());
      }
      await this.ok('conversation/close', {
        conversationId: conversation.id,
        disposition: this.options.random.pick(this.options.dispositions),
      });
      this.stats.closed += 1;
    } catch (error) {
      release();
      // Offers expire, callers hang up, a supervisor takes over: a bot shrugs and takes the next one.
      if (!this.stopped) {
        this.stats.failed += 1;
        this.options.onError?.(`${this.username} on conversation ${offer.conversationId}`, error);
      }
    }
  }

  private workTime(): number {
    return Math.round(this.options.handleMs * (0.5 + this.options.random.next()));
  }

  private later(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(new Error('bot stopped'));
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopped) reject(new Error('bot stopped'));
        else resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async ok<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const reply = (await this.socket.timeout(10_000).emitWithAck('command', { name, input })) as CommandReply<CommandOutput<N>>;
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
    return reply.data;
  }
}
