/**
 * Expected wait from a queue's recent pace: the mean gap between the last accepted chats, times the
 * visitor's position. A queue without enough recent accepts falls back to a configured figure. A rough,
 * honest estimate: rounded up to 30 s so it does not flicker.
 */
export class QueuePace {
  private readonly accepts = new Map<string, number[]>();

  constructor(
    private readonly fallbackSecondsPerPosition: number,
    private readonly window = 10,
    private readonly maxAgeMs = 3600_000,
  ) {}

  recordAccept(queueId: string, at: number): void {
    const list = this.accepts.get(queueId) ?? [];
    list.push(at);
    if (list.length > this.window) list.shift();
    this.accepts.set(queueId, list);
  }

  expectedWaitSeconds(queueId: string, position: number, now: number): number {
    const recent = (this.accepts.get(queueId) ?? []).filter((t) => now - t <= this.maxAgeMs);
    let perPosition = this.fallbackSecondsPerPosition;
    if (recent.length >= 3) {
      const first = recent[0] ?? now;
      const last = recent.at(-1) ?? now;
      perPosition = Math.max(5, (last - first) / 1000 / (recent.length - 1));
    }
    return Math.ceil((position * perPosition) / 30) * 30;
  }
}
