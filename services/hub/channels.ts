import type { Agent, ChannelKind, Conversation, Message } from '../contracts';

/**
 * What a channel adapter (services/channels/*) gives the hub: delivery of an agent's outbound message,
 * already committed with status 'queued'. The adapter reports progress through ContactCenter.setMessageStatus.
 */
export type ChannelAdapter = Readonly<{
  kind: ChannelKind;
  deliver(input: Readonly<{ conversation: Conversation; message: Message; agent: Agent }>): Promise<void>;
  /** Start/stop background work (IMAP IDLE, outbox). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Human-readable status for supervisors ("connected", "auth failed: …"). */
  status?(): Readonly<{ ok: boolean; detail: string }>;
}>;

export class ChannelRegistry {
  private readonly adapters = new Map<ChannelKind, ChannelAdapter>();

  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.kind, adapter);
  }

  /** A module set up again takes its adapter away before it registers the new one. */
  unregister(adapter: ChannelAdapter): void {
    if (this.adapters.get(adapter.kind) === adapter) this.adapters.delete(adapter.kind);
  }

  get(kind: ChannelKind): ChannelAdapter | undefined {
    return this.adapters.get(kind);
  }

  all(): ChannelAdapter[] {
    return [...this.adapters.values()];
  }
}
