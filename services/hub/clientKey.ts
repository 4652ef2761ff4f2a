import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * The key every per-address limit of the visitor namespace counts under. IPv4: the address. IPv6: its /64,
 * because one subscriber (a home, an office, a cloud VM) is routinely handed a whole /64 and can pick any of
 * its 2^64 addresses per connection; a per-address limit would not limit them at all. Limiting the /64 also
 * limits each address in it, so one key covers both. IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack
 * listener reports for IPv4 peers) counts as the IPv4 address.
 */
export function clientKey(address: string): string {
  const bare = stripAddress(address);
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return bare || 'unknown';
  const groups = expandIPv6(bare);
  const mapped = mappedIPv4(groups);
  if (mapped) return mapped;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The visitor's address: the peer, or (behind a configured reverse proxy) the last untrusted X-Forwarded-For hop. */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let current = stripAddress(peer);
  if (!trusted.has(current) || forwardedFor === undefined) return current;
  // Right to left: each trusted proxy appended the address it saw; the first untrusted one is the client.
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => stripAddress(h.trim()))
    .filter((h) => h.length > 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i] ?? '';
    if (!isIPv4(hop) && !isIPv6(hop)) return current; // A malformed hop: trust nothing beyond it.
    current = hop;
    if (!trusted.has(hop)) return hop;
  }
  return current;
}

/** Reverse proxies whose X-Forwarded-For is believed: exact addresses or CIDR ranges. Empty: none. */
export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const type = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
  }

  has(address: string): boolean {
    if (this.empty) return false;
    const bare = stripAddress(address);
    if (isIPv4(bare)) return this.list.check(bare, 'ipv4');
    if (!isIPv6(bare)) return false;
    const mapped = mappedIPv4(expandIPv6(bare));
    return mapped ? this.list.check(mapped, 'ipv4') : this.list.check(bare, 'ipv6');
  }
}

/** A valid trusted-proxy entry: an IPv4/IPv6 address, optionally with a prefix length. */
export function isProxyEntry(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

function stripAddress(address: string): string {
  let a = address.trim();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const zone = a.indexOf('%');
  return (zone >= 0 ? a.slice(0, zone) : a).toLowerCase();
}

/** Eight 4-digit lowercase hex groups of a valid IPv6 address (an embedded IPv4 tail becomes two groups). */
function expandIPv6(address: string): string[] {
  let a = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a)?.[1];
  if (v4) {
    const [p, q, r, s] = v4.split('.').map(Number) as [number, number, number, number];
    a = `${a.slice(0, -v4.length)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => g.padStart(4, '0'));
}

function mappedIPv4(groups: readonly string[]): string | null {
  if (groups.slice(0, 5).some((g) => g !== '0000') || groups[5] !== 'ffff') return null;
  const hi = parseInt(groups[6] ?? '0', 16);
  const lo = parseInt(groups[7] ?? '0', 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
