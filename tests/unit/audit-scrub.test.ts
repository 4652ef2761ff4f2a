import { describe, expect, it } from 'vitest';
import { scrubDetail } from '../../services/audit/trail';

describe('audit details never keep a secret', () => {
  it('replaces values under secret-looking keys at any depth, keeps flags about them', () => {
    const detail = scrubDetail({
      username: 'bob',
      password: 'hunter22',
      smtp: { host: 'mail.example.com', auth: { user: 'u', pass: 'p' }, apiKey: 'k-123' },
      twilio: { authToken: 'tok', accountSid: 'AC1' },
      mustChangePassword: true,
      list: [{ secret: 's' }],
    });
    expect(detail).toEqual({
      username: 'bob',
      password: '[not recorded]',
      smtp: { host: 'mail.example.com', auth: '[not recorded]', apiKey: '[not recorded]' },
      twilio: { authToken: '[not recorded]', accountSid: 'AC1' },
      mustChangePassword: true,
      list: [{ secret: '[not recorded]' }],
    });
    expect(JSON.stringify(detail)).not.toMatch(/hunter22|k-123|"tok"|"p"/);
  });

  it('bounds long text, depth and breadth', () => {
    const long = scrubDetail({
      note: 'x'.repeat(2000),
      deep: { a: { b: { c: { d: { e: 1 } } } } },
      many: Array.from({ length: 80 }, (_, i) => i),
    }) as {
      note: string;
      deep: unknown;
      many: number[];
    };
    expect(long.note.length).toBe(501);
    expect(JSON.stringify(long.deep)).toBe('{"a":{"b":{"c":"…"}}}');
    expect(long.many).toHaveLength(50);
  });
});
