import { describe, expect, it } from 'vitest';
import { clientAddress, clientKey, isProxyEntry, TrustedProxies } from '../../../services/hub/clientKey';

describe('web chat client keys (what per-address limits count)', () => {
  it('keys IPv4 by address and IPv6 by its /64, whatever the spelling', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:15:1::1')).toBe('2001:0db8:0015:0001::/64');
    expect(clientKey('2001:DB8:15:1:a:b:c:d')).toBe('2001:0db8:0015:0001::/64');
    expect(clientKey('[2001:db8:15:1::9]')).toBe('2001:0db8:0015:0001::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(clientKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(clientKey('2001:db8:15:2::1')).not.toBe(clientKey('2001:db8:15:1::1'));
  });

  it('believes X-Forwarded-For only from trusted proxies, and only up to the first untrusted hop', () => {
    const none = new TrustedProxies([]);
    const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', '2001:db8:ffff::/48']);
    expect(clientAddress('127.0.0.1', '198.51.100.1', none)).toBe('127.0.0.1');
    expect(clientAddress('198.51.100.9', '198.51.100.1', proxies)).toBe('198.51.100.9');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', proxies)).toBe('198.51.100.1');
    // The client can prepend anything; the hop the trusted proxies appended is what counts.
    expect(clientAddress('127.0.0.1', '1.1.1.1, 198.51.100.1, 10.1.2.3', proxies)).toBe('198.51.100.1');
    expect(clientAddress('2001:db8:ffff:1::1', '2001:db8:15:1::1', proxies)).toBe('2001:db8:15:1::1');
    expect(clientAddress('127.0.0.1', 'garbage, 10.1.2.3', proxies)).toBe('10.1.2.3');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('validates trusted proxy entries', () => {
    expect(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32'].every(isProxyEntry)).toBe(true);
    expect(['localhost', '10.0.0.0/33', '1.2.3.4/8/1', '::1/129', ''].some(isProxyEntry)).toBe(false);
  });
});
