import { spawn, type ChildProcess } from 'node:child_process';

export type DemoProcess = Readonly<{
  url: string;
  /** Everything the demo printed so far (stdout). */
  out(): string;
  err(): string;
  /** Ctrl-C, as a person stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}>;

/**
 * Starts `npm run demo`'s node entry (build/demo.mjs --browser, UI build skipped) with `env` on top of small
 * defaults, and resolves once it printed its URL. The caller must stop() it.
 */
export async function startDemo(env: Readonly<Record<string, string>>): Promise<DemoProcess> {
  const child: ChildProcess = spawn(process.execPath, ['build/demo.mjs', '--browser'], {
    env: {
      ...process.env,
      SIM_SKIP_BUILD: '1',
      SIM_PORT: '0',
      SIM_CUSTOMERS: '10',
      SIM_HISTORY_PER_CUSTOMER: '1',
      SIM_VERBOSE: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL in 60 s.\nstdout:\n${out}\nstderr:\n${err}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const found = /demo hub at (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void (async () => {
      const code = await exited;
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing its URL.\nstdout:\n${out}\nstderr:\n${err}`));
    })();
  });
  return {
    url,
    out: () => out,
    err: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Signs in over HTTP like the desk does and returns the session token. */
export async function demoLogin(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export type InboxItem = Readonly<{
  id: number;
  kind: 'email' | 'sms';
  to: string;
  from: string;
  subject: string | null;
  text: string;
  code: string | null;
  messageId: string | null;
}>;

export async function demoInbox(url: string): Promise<InboxItem[]> {
  const res = await fetch(`${url}/demo/inbox.json`);
  if (!res.ok) throw new Error(`/demo/inbox.json: HTTP ${res.status}`);
  return ((await res.json()) as { items: InboxItem[] }).items;
}
