import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Benchmarks are not tests: this only proves each one runs end to end at a tiny size. No timing asserts.
describe('benchmark smoke', () => {
  it('bench:routing runs at tiny size and prints its figures', () => {
    const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/bench/routing.bench.ts'], {
      env: { ...process.env, AGENTS: '5', WAITING: '50', SAMPLES: '10', BENCH_NO_RECORD: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toMatch(/offer latency .* p50 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(out).toMatch(/ingest commits: \d+ contacts\/s/);
  }, 150_000);
});
