import { describe, expect, it } from 'vitest';
import { clientKey } from '../../../services/hub/clientKey';

describe('clientKey: what a client address is rate-limited by', () => {
  it('IPv4 and IPv4-mapped IPv6 by address', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('IPv6 by /64, however the address is written, so rotating the host part does not give a new bucket', () => {
    const keys = ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::9', '2001:0db8:0001:0002:ffff::', '2001:DB8:1:2:a:b:c:d'].map(clientKey);
    expect(new Set(keys)).toEqual(new Set(['2001:0db8:0001:0002::/64']));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(keys[0]);
    expect(clientKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
  });
});
