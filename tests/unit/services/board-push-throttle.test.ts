import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeadingThrottle } from '../../../services/metrics/pushThrottle';

// The scheduling of the supervisors' board push, on fake timers: which requests run the task, and when.
describe('board push throttle (leading edge, one run per interval)', () => {
  let runs: number[];
  let throttle: LeadingThrottle;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    runs = [];
    throttle = new LeadingThrottle(
      25,
      () => runs.push(Date.now()),
      () => Date.now(),
    );
  });
  afterEach(() => {
    throttle.stop();
    vi.useRealTimers();
  });

  it('runs an isolated change at the end of the turn, not after the interval', () => {
    throttle.request();
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([1_000_000]);
  });

  it('runs once the code that requested it has finished its turn (sync and microtasks)', async () => {
    let state = 0;
    const seen: number[] = [];
    const t = new LeadingThrottle(
      25,
      () => seen.push(state),
      () => Date.now(),
    );
    t.request();
    state = 1;
    await Promise.resolve();
    state = 2;
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([2]);
    t.stop();
  });

  it('coalesces changes inside the interval into one trailing run at its end', () => {
    throttle.request();
    vi.advanceTimersByTime(0);
    for (const step of [1, 4, 10, 5]) {
      vi.advanceTimersByTime(step);
      throttle.request();
    }
    expect(runs).toEqual([1_000_000]);
    vi.advanceTimersByTime(4);
    expect(runs).toEqual([1_000_000]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([1_000_000, 1_000_025]);
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(2);
  });

  it('several requests in one turn are one run', () => {
    for (let i = 0; i < 100; i += 1) throttle.request();
    vi.advanceTimersByTime(0);
    expect(runs).toHaveLength(1);
  });

  it('runs at once again after a quiet interval', () => {
    throttle.request();
    vi.advanceTimersByTime(30);
    throttle.request();
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([1_000_000, 1_000_030]);
  });

  it('a change just inside the interval waits only for the rest of it', () => {
    throttle.request();
    vi.advanceTimersByTime(20);
    throttle.request();
    vi.advanceTimersByTime(4);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([1_000_000, 1_000_025]);
  });

  it('keeps the cap under a steady stream of changes: at most one run per 25 ms, none dropped at the end', () => {
    for (let ms = 0; ms < 1000; ms += 1) {
      throttle.request();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(runs.length).toBeLessThanOrEqual(1000 / 25 + 1);
    expect(runs.length).toBeGreaterThanOrEqual(1000 / 25);
    for (let i = 1; i < runs.length; i += 1) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(25);
    // The last change (at 999 ms) is in a run: the board shows the final state.
    expect(runs.at(-1)!).toBeGreaterThanOrEqual(1_000_999);
  });

  it('stop drops a scheduled run and ignores later requests', () => {
    throttle.request();
    vi.advanceTimersByTime(0);
    throttle.request();
    expect(throttle.scheduled).toBe(true);
    throttle.stop();
    throttle.request();
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(1);
    expect(throttle.scheduled).toBe(false);
  });
});
