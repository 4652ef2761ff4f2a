import { afterEach, describe, expect, it } from 'vitest';
import { PasswordChecks, scryptRunCount } from '../../services/hub/auth';
import { seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Answer = Readonly<{ status: number; code?: string }>;

async function badLogin(username: string): Promise<Answer> {
  const res = await fetch(`${t!.hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'not-the-password' }),
  });
  return { status: res.status, code: ((await res.json()) as { code?: string }).code };
}

const count = (answers: readonly Answer[], status: number): number => answers.filter((a) => a.status === status).length;

describe('password checks are capped so a sign-in flood cannot starve the database', () => {
  it('the semaphore runs maxConcurrent checks, queues maxWaiting, and refuses the rest at once with rate_limited', async () => {
    const checks = new PasswordChecks({ maxConcurrent: 1, maxWaiting: 1 });
    const [first, second, third] = [checks.verify('a', null), checks.verify('b', null), checks.verify('c', null)];
    // The third is refused before any scrypt finished: it never waits.
    await expect(third).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(first).resolves.toBe(false);
    await expect(second).resolves.toBe(false);
    // Slots are given back: the next check runs.
    await expect(checks.verify('d', null)).resolves.toBe(false);
  });

  it('parallel bad logins beyond the cap get 429 rate_limited; those admitted get 401', async () => {
    t = await startTestHub({
      login: {
        maxConcurrentChecks: 1,
        maxWaitingChecks: 2,
        perAddress: { perSecond: 1000, burst: 1000 },
        failures: { perMinute: 5, burst: 5 },
      },
    });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => badLogin(`nobody-${i}`)));
    expect(count(answers, 401) + count(answers, 429)).toBe(30);
    expect(count(answers, 401)).toBeGreaterThanOrEqual(3);
    expect(count(answers, 429)).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 429).every((a) => a.code === 'rate_limited')).toBe(true);
  });

  it('one address gets at most the per-address burst (30 by default, was 500) of sign-in attempts', async () => {
    // A roomy check queue, so every 429 here comes from the per-address bucket.
    t = await startTestHub({
      login: {
        maxConcurrentChecks: 2,
        maxWaitingChecks: 1000,
        perAddress: { perSecond: 5, burst: 30 },
        failures: { perMinute: 5, burst: 5 },
      },
    });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => badLogin(`someone-${i}`)));
    // 30 from the burst plus what refills at 5/s while the requests arrive; the rest are refused unchecked.
    expect(count(answers, 429)).toBeGreaterThanOrEqual(25);
  });

  it('an unknown user, and an agent without a password, cost one scrypt like a known user', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }]);
    await t.hub.center.upsertAgent({ username: 'nopass', displayName: 'No Password', role: 'agent', skills: {} });
    for (const username of ['ann', 'no-such-user', 'nopass']) {
      const before = scryptRunCount();
      expect((await badLogin(username)).status).toBe(401);
      expect(scryptRunCount() - before).toBe(1);
    }
  });

  it('while a flood of 120 bad logins runs, an agent’s presence/set still completes', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    const flood = Promise.all(Array.from({ length: 120 }, (_, i) => badLogin(`flood-${i}`)));
    const presence = await ann.ok('presence/set', { presence: 'available' });
    expect(presence.presence).toBe('available');
    const answers = await flood;
    expect(count(answers, 429)).toBeGreaterThan(0);
  });
});
