import { describe, expect, it } from 'vitest';
import { runFault } from '../bench/faultRun';

// The hub runs as a child process so the kill is a real SIGKILL: no shutdown hook, no flush. The larger run
// of the same scenario is `npm run bench:fault`.
describe('fault: kill -9 mid-stream, restart on the same data, clients retry', () => {
  it('loses and duplicates nothing among 300 signed SMS webhooks and 100 acked chat messages, 32 of each in flight', async () => {
    const report = await runFault({ sms: 300, chat: 100, inFlight: 32, killAt: 0.4 });
    // The kill landed mid-stream of both kinds, with requests on the wire.
    expect(report.ackedBeforeKill.sms).toBeGreaterThan(0);
    expect(report.ackedBeforeKill.sms).toBeLessThan(300);
    expect(report.ackedBeforeKill.chat).toBeGreaterThan(0);
    expect(report.ackedBeforeKill.chat).toBeLessThan(100);
    expect(report.inFlightAtKill.sms + report.inFlightAtKill.chat).toBeGreaterThan(0);
    // Acked before the kill = on disk after it, before any retry.
    expect(report.ackedButLost).toEqual([]);
    // After Twilio's re-posts and the widget's resends: every line once, in the store and in every view.
    expect(report.lost).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.ackMismatches).toEqual([]);
    expect(report.agentDuplicates).toBe(0);
    expect(report.agentMissing).toBe(0);
    expect(report.visitorDuplicates).toBe(0);
    // Every re-post (unanswered ones and ones whose 200 Twilio may have missed) was a 200 the first time.
    expect(report.retryRefusals).toBe(0);
    expect(report.retryRounds).toBe(1);
  }, 120_000);
});
