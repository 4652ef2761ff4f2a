import { z } from 'zod';

/** One thing a simulated customer received: an email through the demo SMTP server or an SMS through the Twilio stand-in. */
export const DemoInboxItem = z.object({
  id: z.number().int().positive(),
  at: z.number(),
  kind: z.enum(['email', 'sms']),
  to: z.string(),
  from: z.string(),
  /** Email subject; null for SMS. */
  subject: z.string().nullable(),
  /** The plain-text body (an HTML-only mail is reduced to text before it gets here). */
  text: z.string(),
  /** A one-time code for the widget's "My history", when this message carries one. */
  code: z.string().nullable(),
  /** For email: the Message-ID, so a test can follow the thread. */
  messageId: z.string().nullable(),
});
export type DemoInboxItem = z.infer<typeof DemoInboxItem>;

const CODE = /\bverification code is (\d{6})\b/i;

/**
 * What the simulated customers received, newest first, kept in memory for the demo page (/demo/inbox).
 * Bounded: a demo left running for a day keeps the latest `limit` items, not every mail since it started.
 */
export class DemoInbox {
  private readonly items: DemoInboxItem[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(item: DemoInboxItem) => void>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit = 500,
  ) {}

  add(input: Omit<DemoInboxItem, 'id' | 'at' | 'code'>): DemoInboxItem {
    const item = DemoInboxItem.parse({ ...input, id: this.nextId++, at: this.now(), code: CODE.exec(input.text)?.[1] ?? null });
    this.items.unshift(item);
    if (this.items.length > this.limit) this.items.length = this.limit;
    for (const listener of this.listeners) listener(item);
    return item;
  }

  /** Newest first; only items newer than `afterId` when given (the page polls with the last id it has). */
  list(afterId = 0): DemoInboxItem[] {
    return this.items.filter((i) => i.id > afterId);
  }

  onItem(listener: (item: DemoInboxItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
