import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from '../keys';

const TTL_MS = 5 * 60_000;

/**
 * Short-lived signed links for the admin console's downloads: a browser download cannot send an
 * Authorization header, and the session token must not end up in a URL (history, logs). The link names
 * the admin, the exact path and query, and an expiry; the secret lives only in this process.
 */
export class DownloadLinks {
  private readonly secret = randomBytes(32);

  constructor(private readonly now: () => number) {}

  create(agentId: number, pathAndQuery: string): { url: string; expiresAt: number } {
    const expiresAt = this.now() + TTL_MS;
    const token = `${agentId}.${expiresAt}.${this.mac(agentId, expiresAt, pathAndQuery)}`;
    return { url: `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}token=${token}`, expiresAt };
  }

  /** The caller a link speaks for, or null. `url` is the request's path and query as received. */
  check(url: string): Caller | null {
    const match = /^(.*?)[?&]token=([0-9]{1,12})\.([0-9]{1,16})\.([0-9a-f]{64})$/.exec(url);
    if (!match) return null;
    const [, pathAndQuery, agent, expires, mac] = match as unknown as [string, string, string, string, string];
    const agentId = Number(agent);
    const expiresAt = Number(expires);
    if (expiresAt < this.now()) return null;
    const expected = Buffer.from(this.mac(agentId, expiresAt, pathAndQuery), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return null;
    return { apiKeyId: null, actor: { kind: 'agent', agentId } };
  }

  private mac(agentId: number, expiresAt: number, pathAndQuery: string): string {
    return createHmac('sha256', this.secret).update(`${agentId}\n${expiresAt}\n${pathAndQuery}`).digest('hex');
  }
}
