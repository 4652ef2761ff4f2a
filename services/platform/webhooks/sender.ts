import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/store';
import type { PlatformConfig } from '../settings';
import { dueDeliveries, nextDueAt, recordAttempt, type DueDelivery } from '../repo';
import { sign, SIGNATURE_HEADER } from './signature';

type Settings = PlatformConfig['webhooks'];

/** Exponential backoff with ±50 % jitter, so receivers coming back are not hit by every hub at once. */
export function retryDelay(attempts: number, s: Pick<Settings, 'retryBaseMs' | 'maxRetryMs'>, random = Math.random): number {
  const exp = Math.min(s.maxRetryMs, s.retryBaseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(exp * (0.5 + random()));
}

/** One POST of one delivery; the outcome is written back to its row. */
export async function attempt(store: Store, d: DueDelivery, s: Settings, now: () => number): Promise<void> {
  const at = now();
  const eventId = (JSON.parse(d.payload) as { id: string; type: string }).id;
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        'switchboard-event-id': eventId,
        [SIGNATURE_HEADER]: sign(d.secret, Math.floor(Date.now() / 1000), d.payload),
      },
      body: d.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(s.timeoutMs),
    });
    status = res.status;
    // Drain without keeping it: receivers' bodies are not ours to store.
    await res.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    error = (e as Error).name === 'TimeoutError' ? `no answer within ${s.timeoutMs} ms` : `could not connect (${(e as Error).message})`;
  }
  const attempts = d.attempts + 1;
  const state = error === null ? 'delivered' : attempts >= s.maxAttempts ? 'failed' : 'pending';
  await store.write((tx) =>
    recordAttempt(tx, {
      id: d.id,
      at,
      status,
      error: error?.slice(0, 300) ?? null,
      state,
      nextAttemptAt: state === 'pending' ? at + retryDelay(attempts, s) : null,
    }),
  );
}

/** Sends what is due, then sleeps until the next due row (or a wake-up). One loop per hub. */
export class WebhookSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: Readonly<{ store: Store; settings: Settings; now: () => number; log: FastifyBaseLogger }>) {}

  /** Runs again after stop() (team mode: the deliverer moves between hubs with its lock). */
  resume(): void {
    this.stopped = false;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    const { store, settings, now, log } = this.deps;
    try {
      for (;;) {
        const due = await dueDeliveries(store, now(), 20);
        if (due.length === 0 || this.stopped) break;
        // One receiver's slowness must not hold up the others: a batch goes out side by side.
        await Promise.all(due.map((d) => attempt(store, d, settings, now)));
      }
      const next = await nextDueAt(store);
      if (next !== null && !this.stopped) {
        this.timer = setTimeout(() => this.wake(), Math.max(10, next - now()));
        this.timer.unref();
      }
    } catch (error) {
      if (!this.stopped) log.warn({ err: error }, 'webhook delivery loop failed; retrying');
      if (!this.stopped) {
        this.timer = setTimeout(() => this.wake(), 1000);
        this.timer.unref();
      }
    }
  }
}
