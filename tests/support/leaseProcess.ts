import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AdvisoryLease } from '../../services/cluster/lease';

/** A process contending for one advisory lock; prints `{"acquired":<epoch ms>}` when it takes it. */
export type LeaseProcess = Readonly<{
  child: ChildProcess;
  name: string;
  acquired: Promise<number>;
  kill(): Promise<void>;
}>;

export function spawnLeaseProcess(url: string, lock: string, name: string, retryMs = 300): LeaseProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/leaseProcess.ts'], {
    env: { ...process.env, SWITCHBOARD_LEASE: JSON.stringify({ url, lock, retryMs }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const acquired = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as { acquired?: number };
      if (parsed.acquired) resolve(parsed.acquired);
    });
    void (async () => {
      await exited;
      reject(new Error(`${name} exited before taking the lock`));
    })();
  });
  acquired.catch(() => undefined);
  return {
    child,
    name,
    acquired,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

if (process.env.SWITCHBOARD_LEASE && process.argv[1]?.endsWith('leaseProcess.ts')) {
  const { url, lock, retryMs } = JSON.parse(process.env.SWITCHBOARD_LEASE) as { url: string; lock: string; retryMs: number };
  const lease = new AdvisoryLease({
    url,
    name: lock,
    retryMs,
    heartbeatMs: 1000,
    onAcquired: () => void process.stdout.write(`${JSON.stringify({ acquired: Date.now() })}\n`),
    onLost: () => undefined,
  });
  lease.start();
}
