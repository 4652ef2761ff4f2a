import { describe, expect, it } from 'vitest';
import { ClusterConfig, partitionCount, partitionOf } from '../../../services/cluster/config';
import { lockKey } from '../../../services/cluster/lockKey';
import { clusterConfigOf } from '../../../services/server/teamMode';
import { HubConfig } from '../../../services/hub/config';

describe('the cluster config section', () => {
  it('defaults: one partition, every queue in it', () => {
    const config = ClusterConfig.parse({});
    expect(config).toEqual({ lockRetryMs: 300, heartbeatMs: 1000 });
    expect(partitionCount(config)).toBe(1);
    expect(partitionOf(config, 'support')).toBe(0);
  });

  it('partitions route their queues; a queue named nowhere falls in the first', () => {
    const config = ClusterConfig.parse({ partitions: [['sales', 'billing'], ['support']] });
    expect(partitionCount(config)).toBe(2);
    expect(partitionOf(config, 'support')).toBe(1);
    expect(partitionOf(config, 'billing')).toBe(0);
    expect(partitionOf(config, 'new-queue')).toBe(0);
  });

  it('refuses a queue in two partitions, unknown keys, empty partitions and silly timings', () => {
    const twice = ClusterConfig.safeParse({ partitions: [['sales'], ['support', 'sales']] });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]).toMatchObject({ path: ['partitions', 1, 1] });
    expect(twice.error?.issues[0]?.message).toContain('already in partition 1');
    expect(ClusterConfig.safeParse({ partition: [['a']] }).success).toBe(false);
    expect(ClusterConfig.safeParse({ partitions: [[]] }).success).toBe(false);
    expect(ClusterConfig.safeParse({ lockRetryMs: 10 }).success).toBe(false);
    expect(ClusterConfig.safeParse({ heartbeatMs: 60_000 }).success).toBe(false);
  });

  it('a cluster section on a SQLite hub stops the hub with its key; on PostgreSQL it is parsed', () => {
    const sqlite = HubConfig.parse({ dbFile: 'x.sqlite', cluster: { lockRetryMs: 300 } });
    expect(() => clusterConfigOf(sqlite)).toThrow(/postgres/);
    expect(clusterConfigOf(HubConfig.parse({ dbFile: 'x.sqlite' }))).toBeNull();
    const team = HubConfig.parse({
      dbFile: 'x.sqlite',
      store: { engine: 'postgres', url: 'postgres://db/sb' },
      cluster: { lockRetryMs: 500 },
    });
    expect(clusterConfigOf(team)).toMatchObject({ lockRetryMs: 500 });
    const bad = HubConfig.parse({
      dbFile: 'x.sqlite',
      store: { engine: 'postgres', url: 'postgres://db/sb' },
      cluster: { lockRetryMs: 'fast' },
    });
    expect(() => clusterConfigOf(bad)).toThrow();
  });

  it('lock keys are stable 64-bit numbers, different per name', () => {
    expect(lockKey('router:0')).toBe(lockKey('router:0'));
    expect(lockKey('router:0')).not.toBe(lockKey('router:1'));
    expect(BigInt(lockKey('singleton:mailbox:support'))).toBeGreaterThanOrEqual(-(2n ** 63n));
  });
});
