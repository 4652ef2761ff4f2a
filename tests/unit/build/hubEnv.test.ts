import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hubEnv } from '../../../build/hubEnv.mjs';

describe('the environment a hub process starts with', () => {
  it('caps glibc malloc arenas at two', () => {
    expect(hubEnv({ PATH: '/usr/bin' })).toEqual({ PATH: '/usr/bin', MALLOC_ARENA_MAX: '2' });
  });

  it('keeps a value the operator set, and treats an empty one as unset', () => {
    expect(hubEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
    expect(hubEnv({ MALLOC_ARENA_MAX: '' }).MALLOC_ARENA_MAX).toBe('2');
  });

  it('npm run hub starts the hub through it (its help comes back, exit 0)', () => {
    const result = spawnSync(process.execPath, ['build/hub.mjs', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run hub');
  }, 70_000);
});
