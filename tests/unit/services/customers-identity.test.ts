import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { checkAttribute } from '../../../services/customers/attributes';
import { renderUrl } from '../../../services/customers/connectors/httpJson';
import { InvalidIdentityError, normaliseIdentity } from '../../../services/identity/normalise';
import { mapRow, planColumns } from '../../../services/customers/import/rowMapping';
import { ftsQuery } from '../../../services/customers/search';

describe('customers: identity normalisation', () => {
  it('puts phones in E.164 with the default region and keeps plus-addressing in emails', () => {
    expect(normaliseIdentity('phone', '(415) 555-0100')).toBe('+14155550100');
    expect(normaliseIdentity('phone', '020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normaliseIdentity('email', '  Ann+Shop@Example.COM ')).toBe('ann+shop@example.com');
    expect(() => normaliseIdentity('phone', 'call me')).toThrow(InvalidIdentityError);
    expect(() => normaliseIdentity('email', 'no-at-sign')).toThrow(InvalidIdentityError);
    expect(() => normaliseIdentity('external', ' ')).toThrow(InvalidIdentityError);
  });

  it('takes North American E.164 numbers as they are, exactly as the parser would', () => {
    // The shortcut skips libphonenumber for +1 numbers already in E.164; it must never disagree with it.
    let seed = 20261123;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = ['+12025550123', '+19999999999', '+12000000000', '+18005550199', '+11234567890', '+10234567890', '+1202555012'];
    for (let i = 0; i < 20_000; i += 1)
      samples.push(`+1${2 + Math.floor(random() * 8)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`);
    const ours = (number: string): string | null => {
      try {
        return normaliseIdentity('phone', number);
      } catch (error) {
        if (error instanceof InvalidIdentityError) return null;
        throw error;
      }
    };
    for (const number of samples) {
      const parsed = parsePhoneNumberFromString(number, 'US');
      expect(ours(number), number).toBe(parsed?.isPossible() ? parsed.number : null);
    }
    // Outside the shortcut's shape the parser still decides.
    expect(normaliseIdentity('phone', '+1 202 555 0123')).toBe('+12025550123');
    expect(() => normaliseIdentity('phone', '+1202555012')).toThrow(InvalidIdentityError);
  });
});

describe('customers: attribute values', () => {
  it('coerces by type and explains refusals', () => {
    expect(checkAttribute({ key: 'n', label: 'N', type: 'number', choices: [] }, '1 200.5')).toEqual({ ok: true, value: 1200.5 });
    expect(checkAttribute({ key: 'n', label: 'N', type: 'number', choices: [] }, 'abc')).toMatchObject({ ok: false });
    expect(checkAttribute({ key: 'd', label: 'D', type: 'date', choices: [] }, '2023-02-30')).toMatchObject({ ok: false });
    expect(checkAttribute({ key: 'd', label: 'D', type: 'date', choices: [] }, '2024-02-29T10:00')).toEqual({
      ok: true,
      value: '2024-02-29',
    });
    expect(checkAttribute({ key: 'c', label: 'C', type: 'choice', choices: ['Gold'] }, 'GOLD')).toEqual({ ok: true, value: 'Gold' });
  });
});

describe('customers: FTS query building', () => {
  it('quotes every word so user text cannot use FTS5 operators', () => {
    expect(ftsQuery('ann  lee', true)).toBe('"ann"* "lee"*');
    expect(ftsQuery('NEAR( "x" OR', false)).toBe('"NEAR(" "x" "OR"');
    expect(ftsQuery(' " ', true)).toBeNull();
  });
});

describe('customers: connector URL templates', () => {
  it('encodes identity values and reports a missing identity', () => {
    const customer = {
      id: 7,
      identities: [
        { kind: 'email' as const, value: 'a+b@x.com' },
        { kind: 'external' as const, value: 'erp:9/1' },
      ],
    };
    expect(renderUrl('https://erp.test/o?email={email}&c={customerId}', customer)).toBe('https://erp.test/o?email=a%2Bb%40x.com&c=7');
    expect(renderUrl('https://erp.test/c/{external:erp}', customer)).toBe('https://erp.test/c/9%2F1');
    expect(renderUrl('https://erp.test/o?p={phone}', customer)).toBeNull();
  });
});

describe('customers: CSV row mapping', () => {
  const header = ['First', 'Last', 'Mail', 'Tel', 'Tags'];
  const columns = planColumns(header, { First: 'firstName', Last: 'lastName', Mail: 'email', Tel: 'phone', Tags: 'tags' }, []);
  it('builds a name from first/last, dedupes identities and splits tags', () => {
    const r = mapRow(1, ['Ann', 'Lee', 'A@X.com', '415 555 0100', 'vip; west|vip'], 5, columns, new Map(), 'US', 'import');
    expect(r).toEqual({
      ok: true,
      facts: {
        row: 1,
        name: 'Ann Lee',
        company: null,
        identities: [
          { kind: 'email', value: 'a@x.com' },
          { kind: 'phone', value: '+14155550100' },
        ],
        tags: ['import', 'vip', 'west'],
        attributes: {},
        note: null,
      },
    });
  });
  it('rejects rows with reasons and mappings that cannot work', () => {
    expect(mapRow(2, ['A', 'B', '', '', ''], 5, columns, new Map(), 'US', undefined)).toEqual({
      ok: false,
      row: 2,
      reason: 'no phone, email or external id',
    });
    expect(mapRow(3, ['A'], 5, columns, new Map(), 'US', undefined)).toMatchObject({ ok: false, reason: 'expected 5 columns, found 1' });
    expect(() => planColumns(header, { First: 'displayName' }, [])).toThrow(/at least one column/);
    expect(() => planColumns(header, { Mail: 'email', Tags: 'attribute:tier' }, [])).toThrow(/no such attribute/);
  });
});
