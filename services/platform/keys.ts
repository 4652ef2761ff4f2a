import { createHash, randomBytes } from 'node:crypto';
import { HubError, type ApiKey, type ApiScope } from '../contracts';
import type { AuditActor } from '../hub/audit';
import { KeyedRateLimiter } from '../hub/rateLimit';
import type { Store } from '../store/store';
import { apiKeyByHash, getApiKey, insertApiKey, listApiKeys, nextApiKeyId, revokeApiKey, touchApiKeys } from './repo';

/** `sbk_<id>_<43 chars of base64url>`: the id lets an admin tell keys apart in logs; the rest is 256 random bits. */
const KEY_PATTERN = /^sbk_([1-9][0-9]{0,9})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export function newKey(id: number): Readonly<{ secret: string; prefix: string; hash: string }> {
  const secret = `sbk_${id}_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, `sbk_${id}_`.length + 4), hash: hashKey(secret) };
}

/** Who is calling the public API: a key, or an admin through a signed console download link. */
export type Caller = Readonly<{ apiKeyId: number | null; actor: AuditActor }>;

/** A known key refused (revoked, expired, wrong scope, over its rate): the refusal is audited against the key. */
export class KeyRefused extends HubError {
  constructor(
    readonly caller: Caller,
    code: HubError['code'],
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * Authenticates public API requests: the key's hash is looked up (sha-256 of a 256-bit secret, so a
 * timing difference in the look-up reveals nothing usable), then expiry, revocation, scope and the key's
 * own rate limit. Keys are cached briefly; a revocation through the hub clears the cache at once.
 */
export class ApiKeys {
  private readonly cache = new Map<string, { key: ApiKey | null; at: number }>();
  private readonly limiters = new Map<number, KeyedRateLimiter>();
  private readonly used = new Map<number, number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Readonly<{ store: Store; now: () => number }>) {}

  async create(
    input: Readonly<{ name: string; scopes: readonly ApiScope[]; rateLimitPerMinute: number; expiresAt?: number }>,
    byAgentId: number,
  ): Promise<{ key: ApiKey; secret: string }> {
    const at = this.deps.now();
    if (input.expiresAt !== undefined && input.expiresAt <= at)
      throw new HubError('invalid_input', 'the expiry must be in the future', [{ path: 'expiresAt', message: 'in the past' }]);
    const { id, secret } = await this.deps.store.write(async (tx) => {
      const id = await nextApiKeyId(tx);
      const k = newKey(id);
      await insertApiKey(tx, {
        id,
        name: input.name,
        prefix: k.prefix,
        secretHash: k.hash,
        scopes: [...new Set(input.scopes)],
        ratePerMinute: input.rateLimitPerMinute,
        expiresAt: input.expiresAt ?? null,
        at,
        byAgentId,
      });
      return { id, secret: k.secret };
    });
    const key = (await getApiKey(this.deps.store, id))!;
    return { key, secret };
  }

  list(): Promise<ApiKey[]> {
    return listApiKeys(this.deps.store);
  }

  async revoke(keyId: number): Promise<ApiKey> {
    if (!(await getApiKey(this.deps.store, keyId))) throw new HubError('not_found', `no API key ${keyId}`);
    await this.deps.store.write((tx) => revokeApiKey(tx, keyId, this.deps.now()));
    this.cache.clear();
    const key = await getApiKey(this.deps.store, keyId);
    if (!key) throw new HubError('not_found', `no API key ${keyId}`);
    return key;
  }

  /** The caller of a request, or a HubError saying why not (unauthenticated, forbidden, rate_limited). */
  async authenticate(authorization: string | undefined, scope: ApiScope): Promise<Caller> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    if (!KEY_PATTERN.test(token)) throw new HubError('unauthenticated', 'send an API key as "Authorization: Bearer sbk_…"');
    const key = await this.lookup(token);
    const now = this.deps.now();
    if (!key) throw new HubError('unauthenticated', 'unknown API key');
    const caller: Caller = { apiKeyId: key.id, actor: { kind: 'apiKey', keyId: key.id } };
    if (key.revokedAt !== null) throw new KeyRefused(caller, 'unauthenticated', 'this API key was revoked');
    if (key.expiresAt !== null && key.expiresAt <= now) throw new KeyRefused(caller, 'unauthenticated', 'this API key has expired');
    if (!key.scopes.includes(scope)) throw new KeyRefused(caller, 'forbidden', `this API key does not have the ${scope} scope`);
    if (!this.limiter(key).take(String(key.id), now))
      throw new KeyRefused(caller, 'rate_limited', `over this key's limit of ${key.rateLimitPerMinute} requests a minute`);
    this.used.set(key.id, now);
    // A failed write only loses a "last used" time; the next use writes it again.
    this.flushTimer ??= setTimeout(() => this.flushUse().catch(() => undefined), 1000);
    return caller;
  }

  private async lookup(token: string): Promise<ApiKey | null> {
    const hash = hashKey(token);
    const now = this.deps.now();
    const cached = this.cache.get(hash);
    if (cached && now - cached.at < 5_000) return cached.key;
    const key = (await apiKeyByHash(this.deps.store, hash)) ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { key, at: now });
    return key;
  }

  private limiter(key: ApiKey): KeyedRateLimiter {
    let l = this.limiters.get(key.id);
    if (!l) {
      l = new KeyedRateLimiter(key.rateLimitPerMinute / 60, key.rateLimitPerMinute);
      this.limiters.set(key.id, l);
    }
    return l;
  }

  /** "Last used" is written at most once a second for all keys together, off the request path. */
  async flushUse(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.used.size === 0) return;
    const used = new Map(this.used);
    this.used.clear();
    await this.deps.store.write((tx) => touchApiKeys(tx, used));
  }
}
