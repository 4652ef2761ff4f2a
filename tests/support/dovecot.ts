import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_BIN = '/usr/sbin/dovecot';

export type DovecotUser = Readonly<{ user: string; password: string }>;

export type Dovecot = {
  host: string;
  port: number;
  dir: string;
  /** Opens a logged-in imapflow client (for APPENDs and checks from the test side). */
  client(user: DovecotUser): Promise<ImapFlow>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGTERM, wait for exit, start again on the same port with the same mail. */
  restart(): Promise<void>;
  log(): string;
  destroy(): Promise<void>;
};

/** Why dovecot cannot run here, or null. Tests print the reason instead of silently passing. */
export function dovecotUnavailable(): string | null {
  if (!existsSync(DOVECOT_BIN)) return `${DOVECOT_BIN} not installed (apt-get install dovecot-imapd; .ci/run does)`;
  if (process.getuid?.() !== 0) return 'dovecot needs to start as root to switch to the mail user';
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const NOBODY = 65534;

/**
 * A real dovecot (Debian's dovecot-imapd) as a child process: config, sockets, state and maildirs in
 * a temp dir, passwd-file users owned by nobody, plaintext auth on loopback only, a free high port.
 */
export async function startDovecot(users: readonly DovecotUser[], port?: number): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-dovecot-'));
  chmodSync(dir, 0o755);
  const mailRoot = path.join(dir, 'mail');
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub), { recursive: true });
  const lines = users.map((u) => {
    const home = path.join(mailRoot, u.user);
    mkdirSync(home, { recursive: true });
    chownSync(home, NOBODY, NOBODY);
    return `${u.user}:{PLAIN}${u.password}:${NOBODY}:${NOBODY}::${home}::`;
  });
  chownSync(mailRoot, NOBODY, NOBODY);
  writeFileSync(path.join(dir, 'users'), `${lines.join('\n')}\n`, { mode: 0o644 });
  const listenPort = port ?? (await freePort());
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
mail_fsync = never
mailbox_idle_check_interval = 1 secs
imap_max_line_length = 1M
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${listenPort}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const d: Dovecot = {
    host: '127.0.0.1',
    port: listenPort,
    dir,
    async start() {
      const proc = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      child = proc;
      try {
        await Promise.race([
          waitForPort(listenPort),
          (async () => {
            await exited;
            throw new Error(`dovecot exited: ${stderr}${d.log()}`);
          })(),
        ]);
      } catch (error) {
        proc.kill('SIGKILL');
        throw error;
      }
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
      child = null;
    },
    async restart() {
      await d.stop();
      await d.start();
    },
    async client(user) {
      const c = new ImapFlow({
        host: d.host,
        port: d.port,
        secure: false,
        auth: { user: user.user, pass: user.password },
        logger: false,
        disableAutoIdle: true,
      });
      await c.connect();
      return c;
    },
    log() {
      try {
        return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
      } catch {
        return '';
      }
    },
    async destroy() {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await d.start();
  return d;
}
