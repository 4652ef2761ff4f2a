import type { ActiveOffer } from '../../routing/types';

/**
 * Team mode: the database fence between routers (services/cluster/fence.ts), bound to this router's
 * partition and epoch. `current: false` means another hub took the partition over.
 */
export type OfferGate = Readonly<{
  claim(
    claims: readonly Readonly<{ conversationId: number; agentId: number }>[],
  ): Promise<Readonly<{ current: boolean; claimed: ReadonlySet<number> }>>;
  release(conversationIds: readonly number[]): Promise<void>;
}>;

export type FenceOutcome = Readonly<{
  /** Claimed under this router's epoch: push it to the agent and store it. */
  show(offer: ActiveOffer): void;
  /** Refused while this router is still current (offered elsewhere) or the claim failed: take it back. */
  refused(offers: readonly ActiveOffer[], err?: unknown): void;
  /** The partition has a newer router: this one must stop routing at once. */
  deposed(): void;
}>;

/**
 * Puts every offer through the fence before an agent sees it. Offers decided while a claim is in flight
 * are gathered and claimed together in one statement (one round trip per burst, however many offers), and
 * releases run in the same queue, before the claims gathered with them, so a contact released and offered
 * again in one pass is claimed after its release. An offer that ends before its claim came back (the
 * customer left, the agent went away) is never shown, and its row, if the claim wrote one, is released.
 */
export class FencedOffers {
  /** Offers waiting for their claim, by offer id; true once the offer ended before it was shown. */
  private readonly pending = new Map<string, boolean>();
  /** Offers the fence refused: their end (withdraw) is the router's bookkeeping, never shown to anyone. */
  private readonly unseen = new Set<string>();
  private claims: ActiveOffer[] = [];
  private releases: number[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly gate: OfferGate,
    private readonly outcome: FenceOutcome,
  ) {}

  offer(offer: ActiveOffer): void {
    this.pending.set(offer.offerId, false);
    this.claims.push(offer);
    this.kick();
  }

  /**
   * The offer ended (accepted, rejected, timed out, revoked). Returns whether the agent had seen it: only
   * then is its end pushed and stored.
   */
  ended(offer: ActiveOffer): boolean {
    if (this.pending.has(offer.offerId)) {
      this.pending.set(offer.offerId, true);
      return false;
    }
    if (this.unseen.delete(offer.offerId)) return false;
    this.releases.push(offer.item.conversationId);
    this.kick();
    return true;
  }

  /** For shutdown and tests: resolves once every claim and release asked for so far has run. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = null;
      if (this.claims.length > 0 || this.releases.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.claims.length > 0 || this.releases.length > 0) {
      const releases = this.releases.splice(0);
      const offers = this.claims.splice(0);
      if (releases.length > 0) await this.gate.release(releases).catch(() => undefined);
      if (offers.length === 0) continue;
      const live = offers.filter((o) => this.pending.get(o.offerId) === false);
      let result: Readonly<{ current: boolean; claimed: ReadonlySet<number> }> = { current: true, claimed: new Set() };
      let failure: unknown;
      try {
        if (live.length > 0) result = await this.gate.claim(live.map(claimOf));
      } catch (err) {
        // The database did not answer: nothing is shown (an offer is never shown unfenced); taken back.
        failure = err;
      }
      await this.settle(offers, result, failure);
    }
  }

  private async settle(
    offers: readonly ActiveOffer[],
    result: Readonly<{ current: boolean; claimed: ReadonlySet<number> }>,
    err?: unknown,
  ): Promise<void> {
    const stale: number[] = [];
    const refused: ActiveOffer[] = [];
    for (const offer of offers) {
      const endedUnseen = this.pending.get(offer.offerId) === true;
      this.pending.delete(offer.offerId);
      const claimed = result.claimed.has(offer.item.conversationId);
      if (endedUnseen) {
        if (claimed) stale.push(offer.item.conversationId);
      } else if (claimed) {
        this.outcome.show(offer);
      } else {
        this.unseen.add(offer.offerId);
        refused.push(offer);
      }
    }
    if (stale.length > 0) await this.gate.release(stale).catch(() => undefined);
    if (!result.current) this.outcome.deposed();
    else if (refused.length > 0) this.outcome.refused(refused, err);
  }
}

function claimOf(offer: ActiveOffer): Readonly<{ conversationId: number; agentId: number }> {
  return { conversationId: offer.item.conversationId, agentId: offer.agentId };
}
