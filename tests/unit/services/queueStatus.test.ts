import { describe, expect, it } from 'vitest';
import { queueStatus, type QueueStatusInput } from '../../../services/metrics/status';

const now = 1_000_000;
/** A calm queue: nobody waiting, SLs on target, an agent free. */
const calm: QueueStatusInput = {
  now,
  slaSeconds: 60,
  slTargetPercent: 80,
  waiting: 0,
  oldestWaitingSince: null,
  agentsAvailable: 1,
  serviceLevelToday: 0.9,
  serviceLevelLast30: 0.9,
  predictedServiceLevel: 0.95,
};
const status = (over: Partial<QueueStatusInput>) => queueStatus({ ...calm, ...over });

describe('queue STATUS rules (docs/metrics.md)', () => {
  it('OK when no rule applies; a null SL (nothing offered) breaks no rule', () => {
    expect(status({})).toEqual({ level: 'ok', reasons: [], changesAt: null });
    expect(status({ serviceLevelToday: null, serviceLevelLast30: null, predictedServiceLevel: null }).level).toBe('ok');
  });

  it('Breach: the oldest contact has waited longer than the SLA target', () => {
    const s = status({ waiting: 1, oldestWaitingSince: now - 61_000 });
    expect(s.level).toBe('breach');
    expect(s.reasons).toEqual(['wait_over_target']);
  });

  it('Breach: SL of the last 30 minutes below target', () => {
    expect(status({ serviceLevelLast30: 0.5 })).toMatchObject({ level: 'breach', reasons: ['sl_last30_below_target'] });
  });

  it('At risk: the oldest wait is past 75% of the target, and says when it will breach', () => {
    const s = status({ waiting: 1, oldestWaitingSince: now - 50_000 });
    expect(s).toMatchObject({ level: 'at_risk', reasons: ['wait_near_target'] });
    expect(s.changesAt).toBe(now - 50_000 + 60_000 + 1);
    expect(status({ waiting: 1, oldestWaitingSince: now - 10_000 })).toMatchObject({ level: 'ok', changesAt: now - 10_000 + 45_000 + 1 });
  });

  it('At risk: contacts waiting and no agent available', () => {
    expect(status({ waiting: 2, oldestWaitingSince: now - 1000, agentsAvailable: 0 })).toMatchObject({
      level: 'at_risk',
      reasons: ['no_agent_available'],
    });
    expect(status({ waiting: 0, agentsAvailable: 0 }).level).toBe('ok');
  });

  it('At risk: forecast SL below target', () => {
    expect(status({ predictedServiceLevel: 0 })).toMatchObject({ level: 'at_risk', reasons: ['forecast_below_target'] });
  });

  it('At risk: SL today below target', () => {
    expect(status({ serviceLevelToday: 0.79 })).toMatchObject({ level: 'at_risk', reasons: ['sl_today_below_target'] });
  });

  it('the board of the report: 6 waiting, oldest 0:54 of 60 s, nobody available, 0% forecast is not OK', () => {
    const s = status({ waiting: 6, oldestWaitingSince: now - 54_000, agentsAvailable: 0, predictedServiceLevel: 0 });
    expect(s.level).toBe('at_risk');
    expect(s.reasons).toEqual(['wait_near_target', 'no_agent_available', 'forecast_below_target']);
    expect(status({ waiting: 6, oldestWaitingSince: now - 61_000, agentsAvailable: 0, predictedServiceLevel: 0 }).reasons[0]).toBe(
      'wait_over_target',
    );
  });
});
