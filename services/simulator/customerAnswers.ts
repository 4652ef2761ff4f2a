import type { MailOutcome } from '../channels/email/inbound';
import { DEMO_MAILBOX, type EmailFeed } from './emailFeed';
import type { CaughtMail } from './demoSmtp';
import { customerAnswers, type Person, type Random } from './people';

export type AnswerOptions = Readonly<{
  feed: EmailFeed;
  people: readonly Person[];
  random: Random;
  /** Share of agents' emails a customer answers (0..1). */
  share: number;
  /** Mean delay before the answer (ms; each answer waits 0.5..1.5 times this). */
  delayMs: number;
  /** A thread is answered while its References chain is at most this long: customers stop writing at some point. */
  maxChain?: number;
  onAnswered?(outcome: MailOutcome): void;
  onError?(what: string, error: unknown): void;
}>;

/**
 * Simulated customers who answer the email they get from agents, threaded as a real mail client threads
 * (see EmailFeed.answer), through the demo mailbox and the normal inbound path. Mail from the web chat
 * (codes, transcripts) is not answered: it does not come from the support mailbox.
 */
export class CustomerAnswers {
  private readonly byAddress: ReadonlyMap<string, Person>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  answered = 0;

  constructor(private readonly o: AnswerOptions) {
    this.byAddress = new Map(o.people.map((p) => [p.email.toLowerCase(), p]));
  }

  /** Called for every mail the demo SMTP server accepted. */
  onMail(mail: CaughtMail): void {
    if (this.stopped || !mail.envelopeFrom.toLowerCase().endsWith(DEMO_MAILBOX)) return;
    if (mail.references.length > (this.o.maxChain ?? 2)) return;
    const customer = mail.recipients.map((r) => this.byAddress.get(r.toLowerCase())).find((p) => p !== undefined);
    if (!customer || !this.o.random.chance(this.o.share)) return;
    const delay = Math.round(this.o.delayMs * (0.5 + this.o.random.next()));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      void (async () => {
        try {
          const outcome = await this.o.feed.answer(customer, mail, this.o.random.pick(customerAnswers));
          if (outcome instanceof Error) throw outcome;
          this.answered += 1;
          this.o.onAnswered?.(outcome);
        } catch (error) {
          this.o.onError?.(`customer answer to ${mail.messageId ?? '?'}`, error);
        }
      })();
    }, delay);
    this.timers.add(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
