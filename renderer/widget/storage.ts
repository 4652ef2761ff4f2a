/** What survives a reload, per hub and queue: the resume token, the last line seen, unacked lines. */
export type Saved = {
  token: string | null;
  lastMessageId: number;
  outbox: Array<{ clientId: string; text: string }>;
  historyToken: string | null;
  historyExpiresAt: number;
};

const empty = (): Saved => ({ token: null, lastMessageId: 0, outbox: [], historyToken: null, historyExpiresAt: 0 });

export class WidgetStorage {
  constructor(private readonly key: string) {}

  load(): Saved {
    try {
      const raw = localStorage.getItem(this.key);
      if (!raw) return empty();
      const value = JSON.parse(raw) as Partial<Saved>;
      return {
        token: typeof value.token === 'string' ? value.token : null,
        lastMessageId: typeof value.lastMessageId === 'number' ? value.lastMessageId : 0,
        outbox: Array.isArray(value.outbox)
          ? value.outbox.filter((o) => typeof o?.clientId === 'string' && typeof o?.text === 'string')
          : [],
        historyToken: typeof value.historyToken === 'string' ? value.historyToken : null,
        historyExpiresAt: typeof value.historyExpiresAt === 'number' ? value.historyExpiresAt : 0,
      };
    } catch {
      return empty();
    }
  }

  update(change: Partial<Saved>): Saved {
    const next = { ...this.load(), ...change };
    try {
      localStorage.setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or blocked (private mode): the chat still works, it just will not resume.
    }
    return next;
  }
}
