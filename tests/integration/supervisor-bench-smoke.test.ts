import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Not a timing test: proves bench:supervisor runs end to end at a tiny size and prints its figures.
describe('supervisor benchmark smoke', () => {
  it('bench:supervisor runs at tiny size', () => {
    const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/bench/supervisor.bench.ts'], {
      env: { ...process.env, AGENTS: '5', WAITING: '20', SAMPLES: '5', BENCH_NO_RECORD: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toMatch(/event -> updated board received .* p50 [\d.]+ ms, p99 [\d.]+ ms/);
  }, 150_000);
});
