import type { FastifyBaseLogger } from 'fastify';
import type { RetentionRun } from '../../contracts';
import type { AuditTrail } from '../../hub/audit';
import type { Store } from '../../store/store';
import { expiredConversations, insertRetentionRun, listRetentionPolicies, listRetentionRuns, pruneDeliveries } from '../repo';
import { purgeConversationsIn, removeUnusedFiles } from './erase';
import { compactSearchIndexes } from './repo';

const DAY_MS = 86_400_000;
const BATCH = 200;
/** Delivered webhooks stay visible this long, then go (failed ones stay until resent or the subscription goes). */
const DELIVERY_HISTORY_MS = 30 * DAY_MS;

/**
 * Deletes closed conversations older than their channel's policy, in batches of 200 per transaction (ingest
 * keeps flowing between them), then records one run per channel with what it removed.
 */
export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionRun[]> | null = null;

  constructor(
    private readonly deps: Readonly<{
      store: Store;
      now: () => number;
      dataDir: string;
      audit: AuditTrail;
      log: FastifyBaseLogger;
      intervalMs: number;
    }>,
  ) {}

  start(): void {
    const tick = () => {
      this.runNow().catch((error: unknown) => this.deps.log.warn({ err: error }, 'retention run failed; the next run retries'));
    };
    this.timer = setInterval(tick, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One run (a second call while one runs waits for it). */
  runNow(): Promise<RetentionRun[]> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<RetentionRun[]> {
    const { store, now } = this.deps;
    const at = now();
    const runs: RetentionRun[] = [];
    for (const policy of await listRetentionPolicies(store)) {
      const before = at - policy.days * DAY_MS;
      let conversations = 0;
      let messages = 0;
      const shas: Array<string | null> = [];
      for (;;) {
        const ids = await expiredConversations(store, policy.channel, before, BATCH);
        if (ids.length === 0) break;
        const purged = await store.write((tx) => purgeConversationsIn(tx, ids));
        conversations += ids.length;
        messages += purged.messages;
        shas.push(...purged.attachments.map((a) => a.sha256));
      }
      if (conversations > 0) await store.write((tx) => compactSearchIndexes(tx));
      await removeUnusedFiles(store, this.deps.dataDir, shas);
      const run = { at, channel: policy.channel, days: policy.days, conversations, messages };
      const id = await store.write((tx) => insertRetentionRun(tx, run));
      runs.push({ id, ...run });
      if (conversations > 0)
        await this.deps.audit.record({ kind: 'system' }, { action: 'retention.applied', target: `channel:${policy.channel}`, detail: run });
    }
    await store.write((tx) => pruneDeliveries(tx, at - DELIVERY_HISTORY_MS));
    return runs;
  }

  recentRuns(limit = 20): Promise<RetentionRun[]> {
    return listRetentionRuns(this.deps.store, limit);
  }
}
