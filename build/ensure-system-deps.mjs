// Makes sure the system packages the tests drive for real are present: Debian's dovecot (IMAP server for
// the email channel), chromium (end-to-end UI tests), openssl (a test certificate) and postgresql (team mode). Installs them when running as root on Debian;
// otherwise stops with one line naming what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const needed = [
  { pkg: 'dovecot-imapd', binary: '/usr/sbin/dovecot' },
  { pkg: 'chromium', binary: '/usr/bin/chromium' },
  // The softphone e2e's local signalling stand-in serves TLS with a throwaway certificate made by openssl.
  { pkg: 'openssl', binary: '/usr/bin/openssl' },
  // Team mode's tests start a real PostgreSQL server (initdb + pg_ctl from Debian's package, any version).
  { pkg: 'postgresql', binary: '/usr/lib/postgresql/*/bin/pg_ctl' },
];

const present = (binary) => {
  if (!binary.includes('*')) return existsSync(binary);
  const [root, rest] = binary.split('/*/');
  return existsSync(root) && readdirSync(root).some((v) => existsSync(`${root}/${v}/${rest}`));
};
const missing = needed.filter((n) => !present(n.binary)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(
    `Missing system packages for the tests: ${missing.join(' ')} — install them with: sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
console.log(`Installing system packages for the tests: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
