import type { FastifyBaseLogger } from 'fastify';

/**
 * Writes nobody awaits (a connect event, a persisted offer, a reject, an outbound delivery): the caller
 * has already answered, so a failure is logged, and stop() drains them so the store closes with nothing
 * in flight.
 */
export class BackgroundWrites {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.log.error({ err: error }, 'background write failed'));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Loops because a settling write may start another (a missed offer sets the agent away_missed). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
