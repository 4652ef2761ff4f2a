import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hubEnv } from '../../../build/hubEnv.mjs';

describe('the environment a hub process starts with (build/hubEnv.mjs)', () => {
  it('caps glibc malloc arenas at two and the V8 heap at 1 GB', () => {
    expect(hubEnv({ PATH: '/usr/bin' })).toEqual({
      PATH: '/usr/bin',
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--max-old-space-size=1024',
    });
  });

  it('keeps what the operator set, adds to their other NODE_OPTIONS, and treats empty values as unset', () => {
    expect(hubEnv({ MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-old-space-size=4096' })).toEqual({
      MALLOC_ARENA_MAX: '4',
      NODE_OPTIONS: '--max-old-space-size=4096',
    });
    expect(hubEnv({ MALLOC_ARENA_MAX: '', NODE_OPTIONS: '--enable-source-maps' })).toEqual({
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: '--enable-source-maps --max-old-space-size=1024',
    });
  });

  it("the desktop's Electron process gets only the arenas (its V8 is configured by Electron)", () => {
    expect(hubEnv({}, 'electron')).toEqual({ MALLOC_ARENA_MAX: '2' });
  });

  it('a Node process started with it has the heap ceiling', () => {
    const result = spawnSync(process.execPath, ['-p', "require('node:v8').getHeapStatistics().heap_size_limit"], {
      encoding: 'utf8',
      env: hubEnv({ PATH: process.env.PATH }),
    });
    // The limit is the old generation's ceiling plus the young generation's.
    expect(Number(result.stdout) / 2 ** 20).toBeGreaterThanOrEqual(1024);
    expect(Number(result.stdout) / 2 ** 20).toBeLessThan(1200);
  });

  it('npm run hub starts the hub through it (its help comes back, exit 0)', () => {
    const result = spawnSync(process.execPath, ['build/hub.mjs', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run hub');
  }, 70_000);
});
