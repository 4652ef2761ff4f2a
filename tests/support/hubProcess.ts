import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HubConfigInput } from '../../services/hub/config';
import { startHub } from '../../services/server/startHub';

/** A hub in its own process, for crash tests: kill() is a real SIGKILL, nothing gets to clean up. */
export type HubProcess = Readonly<{ url: string; pid: number; kill(): Promise<void> }>;

export async function spawnHub(config: Partial<HubConfigInput>): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hubProcess.ts'], {
    env: { ...process.env, SWITCHBOARD_CHILD_HUB: JSON.stringify({ logLevel: 'silent', ...config }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void (async () => {
      await exited;
      reject(new Error('child hub exited before it was ready'));
    })();
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    pid: child.pid ?? 0,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

// Run as a script: start the hub from the config in the environment and print its URL.
if (process.env.SWITCHBOARD_CHILD_HUB && process.argv[1]?.endsWith('hubProcess.ts')) {
  const hub = await startHub(JSON.parse(process.env.SWITCHBOARD_CHILD_HUB) as HubConfigInput);
  process.stdout.write(`${JSON.stringify({ url: hub.url })}\n`);
}
