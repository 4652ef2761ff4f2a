/**
 * The hub's clock for a simulated run. Normally real time; during backfill it is moved into the past so
 * everything the real ingest and close paths stamp (messages, events, closed_at) carries the historic time.
 */
export class SimClock {
  private offsetMs = 0;

  readonly now = (): number => Date.now() + this.offsetMs;

  travelTo(at: number): void {
    this.offsetMs = at - Date.now();
  }

  backToPresent(): void {
    this.offsetMs = 0;
  }
}
