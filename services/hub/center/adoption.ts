import type { Router } from '../../routing/router';
import { getConversation } from '../../store/repos/conversations';
import type { Store } from '../../store/store';
import type { RoutingEffects } from './effects';
import type { HeldConversations } from './held';
import type { OfferCards } from './offerCards';
import { waitingItemOf } from './waitingItem';

export type AdoptionParts = Readonly<{
  store: Store;
  router: Router;
  held: HeldConversations;
  cards: OfferCards;
  effects: RoutingEffects;
  now: () => number;
  /** How long after the router or a holder moved a contact a database read of it is not trusted (ms). */
  settleMs?: number;
}>;

/** Commits in flight on this hub when it moved a contact land well within this (group commit, one batch). */
const DEFAULT_SETTLE_MS = 1000;

/**
 * Team mode: the router learns of contacts another hub committed (a new contact, a reopen, a customer who
 * left) by reading them from the database. Two rules keep that exact:
 *
 * - One adoption at a time, in the order asked (the event feed, the direct calls from other hubs and the
 *   takeover's look at the queue all come here), so two reads of one contact cannot both enqueue it.
 * - A read is only trusted for a contact the router has not moved lately. Accept, close and transfer change
 *   the router's memory first and the database a commit later, so a read that overlaps them can show the
 *   contact still queued (it would be offered a second time) or not yet reopened (it would be dropped).
 *   Such a contact is read again once the horizon has passed; by then the database has caught up.
 */
export class Adoption {
  private chain: Promise<void> = Promise.resolve();
  /** Contact → when the router or a holder last moved it; entries older than the horizon are pruned. */
  private readonly moved = new Map<number, number>();
  private readonly deferred = new Set<number>();
  private deferTimer: NodeJS.Timeout | null = null;
  private readonly settleMs: number;
  /** Only a team-mode router adopts; a single hub does not pay for the bookkeeping. */
  private tracking = false;

  constructor(private readonly parts: AdoptionParts) {
    this.settleMs = parts.settleMs ?? DEFAULT_SETTLE_MS;
    const note = (id: number): void => this.noteMoved(id);
    parts.router.onContactMoved(note);
    parts.held.onRelease(note);
  }

  /** Reads the contacts and brings the router in line with the database; resolves when done. */
  adopt(conversationIds: readonly number[]): Promise<void> {
    const previous = this.chain;
    const run = (async () => {
      await previous;
      await this.run(conversationIds);
    })();
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Team mode, after the router rebuilt from the database: reads from now on are checked against what
   * the router moves. What the rebuild itself enqueued was read fresh and needs no horizon.
   */
  track(options: Readonly<{ clear?: boolean }> = {}): void {
    if (options.clear ?? true) this.clear();
    this.tracking = true;
  }

  /** Team mode stand-down: nothing deferred runs later. */
  clear(): void {
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.deferTimer = null;
    this.deferred.clear();
    this.moved.clear();
  }

  private async run(ids: readonly number[]): Promise<void> {
    const { store, router, held, cards, effects, now } = this.parts;
    for (const id of ids) {
      if (!effects.active) return;
      const c = await getConversation(store, id);
      if (!c || !effects.active) continue;
      // Several partitions: a contact of a queue another router routes is that router's (partitionRouting.ts).
      if (!router.hostsQueue(c.queueId)) continue;
      if (this.movedLately(id)) {
        this.defer(id);
        continue;
      }
      const known = router.isWaiting(id) || router.isOffered(id);
      if (c.state === 'queued' && !known && !held.get(id)) {
        await cards.load(c);
        // Another adoption cannot run meanwhile, but a local ingest or an agent's command can.
        if (!effects.active || router.isWaiting(id) || router.isOffered(id) || held.get(id)) continue;
        if (this.movedLately(id)) {
          this.defer(id);
          continue;
        }
        effects.apply(router.enqueue(waitingItemOf(c), now()));
      } else if (known && (c.state === 'closed' || c.state === 'abandoned')) {
        effects.apply(router.remove(id, 'abandoned', now()));
      }
    }
  }

  private noteMoved(id: number): void {
    if (!this.tracking) return;
    const at = this.parts.now();
    this.moved.delete(id);
    this.moved.set(id, at);
    // Insertion order is time order: prune from the oldest.
    for (const [old, movedAt] of this.moved) {
      if (at - movedAt <= this.settleMs) break;
      this.moved.delete(old);
    }
  }

  private movedLately(id: number): boolean {
    const at = this.moved.get(id);
    return at !== undefined && this.parts.now() - at <= this.settleMs;
  }

  private defer(id: number): void {
    this.deferred.add(id);
    this.deferTimer ??= setTimeout(() => {
      this.deferTimer = null;
      const ids = [...this.deferred];
      this.deferred.clear();
      // A failed read is retried by the next event of that contact (the feed is the backstop).
      this.adopt(ids).catch(() => undefined);
    }, this.settleMs + 10);
    this.deferTimer.unref?.();
  }
}
