import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Starts `npm run demo` (its node entry) at tiny size with no bots, so simulated contacts stay waiting, and
// watches its status lines until contacts from the simulator show up in a queue; then Ctrl-C must stop it
// cleanly. The UI build is skipped here (SIM_SKIP_BUILD) — the e2e tests build and load it. No timing asserts.
describe('npm run demo (smoke)', () => {
  it('starts, receives simulated contacts into the queue, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['build/demo.mjs', '--browser'], {
      env: {
        ...process.env,
        SIM_SKIP_BUILD: '1',
        SIM_PORT: '0',
        SIM_CUSTOMERS: '10',
        SIM_HISTORY_PER_CUSTOMER: '2',
        SIM_BOTS: '0',
        SIM_SMS_PER_MIN: '240',
        SIM_CALLS_PER_MIN: '120',
        SIM_CHATS_PER_MIN: '0',
        SIM_EMAILS_PER_MIN: '120',
        SIM_STATUS_MS: '250',
        SIM_VERBOSE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const sawWaiting = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 60_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (/queues: .*support [1-9]\d* waiting/.test(out)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      void (async () => {
        await exited;
        resolve(false);
      })();
    });
    child.kill('SIGINT');
    const code = await exited;
    expect(out).toMatch(/History: 10 customers, \d+ past contacts/);
    expect(out).toMatch(/supervisor \/ \S+/);
    expect(sawWaiting, `no contacts reached the queue.\nstdout:\n${out}\nstderr:\n${err}`).toBe(true);
    expect(out).toContain('Demo stopped.');
    expect(code).toBe(0);
  }, 90_000);
});
