import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HubError } from '../contracts';

const KEY_LENGTH = 64;
// N=2^15 costs ~50 ms and 32 MiB per hash on these machines: slow for guessing, fine for a login.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

let scryptRuns = 0;
/** How many scrypt derivations this process has started: lets tests see that every path pays for one. */
export function scryptRunCount(): number {
  return scryptRuns;
}

function scrypt(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  scryptRuns += 1;
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, params, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

type ParsedHash = Readonly<{ salt: Buffer; expected: Buffer; params: ScryptOptions }>;

// Checked against when there is no usable hash (unknown user, agent without a password): the same
// parameters as a real hash, so the answer takes as long and the timing does not reveal who exists.
const DUMMY: ParsedHash = { salt: Buffer.alloc(16), expected: Buffer.alloc(KEY_LENGTH), params: { ...PARAMS } };

function parseHash(stored: string | null): ParsedHash | null {
  if (!stored) return null;
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return null;
  return {
    salt: Buffer.from(saltText, 'base64url'),
    expected: Buffer.from(keyText, 'base64url'),
    params: { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem },
  };
}

/** Always runs one scrypt, even without a usable hash (then against a dummy, and the answer is false). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parseHash(stored);
  const { salt, expected, params } = parsed ?? DUMMY;
  const key = await scrypt(password, salt, params);
  return parsed !== null && key.length === expected.length && timingSafeEqual(key, expected);
}

export type PasswordCheckLimits = Readonly<{ maxConcurrent: number; maxWaiting: number }>;

/**
 * Every scrypt the hub runs after start-up goes through here. scrypt runs on libuv's thread pool (4 threads
 * by default), the same pool node-sqlite3 runs every statement on: a flood of sign-ins would otherwise
 * queue every database write behind ~50 ms hashes. At most `maxConcurrent` run at once, `maxWaiting`
 * more wait their turn, and anything beyond is refused at once with rate_limited (HTTP 429).
 */
export class PasswordChecks {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: PasswordCheckLimits) {}

  verify(password: string, stored: string | null): Promise<boolean> {
    return this.run(() => verifyPassword(password, stored));
  }

  hash(password: string): Promise<string> {
    return this.run(() => hashPassword(password));
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.maxConcurrent) {
      this.running += 1;
    } else {
      if (this.waiting.length >= this.limits.maxWaiting) {
        throw new HubError('rate_limited', 'the hub is busy checking other passwords; try again in a moment');
      }
      // The slot is handed over by the finishing check (running stays the same).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** Session tokens are random; only their hash is stored, so a stolen database yields no live sessions. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
