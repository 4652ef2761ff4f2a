import { execSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Machine line for benchmark records: cores, model, RAM, Node. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

/** The machine's load average (1, 5, 15 min): this machine is shared, so every figure carries it. */
export function loadavg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Prints a result block and appends it to docs/benchmarks.md (unless BENCH_NO_RECORD=1, e.g. smoke tests).
 */
export function record(title: string, command: string, lines: readonly string[]): void {
  const block = [
    `### ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- command: \`${command}\``,
    `- machine: ${machine()}`,
    `- commit: ${commit()}`,
    ...lines.map((l) => `- ${l}`),
    '',
  ].join('\n');
  process.stdout.write(`${block}\n`);
  if (process.env.BENCH_NO_RECORD === '1') return;
  const file = 'docs/benchmarks.md';
  if (!existsSync(file)) writeFileSync(file, '# Benchmarks\n\nAppended by `npm run bench` (newest last).\n\n');
  appendFileSync(file, `${block}\n`);
}
