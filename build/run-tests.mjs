// `npm test`: system dependencies, then vitest, then one plain summary line `N passed, N failed` that CI reads.
// Unit + integration files run in parallel; the browser (e2e) files run afterwards one at a time, because
// Chromium competing with a dozen hubs for two cores turns timing-sensitive UI steps into flakes.
// Extra arguments (e.g. a file filter) run as one vitest invocation instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const deps = spawnSync(process.execPath, ['build/ensure-system-deps.mjs'], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);
mkdirSync('test-output', { recursive: true });

const extra = process.argv.slice(2);
const runs =
  extra.length > 0
    ? [{ name: 'selected', args: extra }]
    : [
        { name: 'unit+integration', args: ['tests/unit', 'tests/integration'] },
        { name: 'e2e', args: ['tests/e2e', '--no-file-parallelism'] },
      ];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of runs) {
  const report = `test-output/vitest-${run.name.replace(/\W+/g, '-')}.json`;
  if (existsSync(report)) rmSync(report);
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...run.args],
    { stdio: 'inherit' },
  );
  let runFailed;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    runFailed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } else {
    runFailed = 1;
  }
  if (result.status !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
