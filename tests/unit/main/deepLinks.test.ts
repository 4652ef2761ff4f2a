import { describe, expect, it } from 'vitest';
import { findDeepLinkArgument, parseDeepLink } from '../../../main/deepLinks';

const parse = (text: string) => parseDeepLink(text, 'US');

describe('deep links', () => {
  it('parses tel: links to E.164, with separators, extensions and national numbers', () => {
    expect(parse('tel:+1-202-555-0143')).toEqual({ ok: true, link: { kind: 'call', to: '+12025550143' } });
    expect(parse('tel:+44%2020%207946%200958')).toEqual({ ok: true, link: { kind: 'call', to: '+442079460958' } });
    expect(parse('TEL:(202) 555-0143;ext=12')).toEqual({ ok: true, link: { kind: 'call', to: '+12025550143' } });
    expect(parseDeepLink('tel:030 901820', 'DE')).toEqual({ ok: true, link: { kind: 'call', to: '+4930901820' } });
  });

  it('parses sms: with several recipients and a body (+ stays a plus)', () => {
    expect(parse('sms:+12025550143,+12025550144?body=On%20my%20way+now')).toEqual({
      ok: true,
      link: { kind: 'sms', to: ['+12025550143', '+12025550144'], body: 'On my way+now' },
    });
    expect(parse('sms:+12025550143')).toEqual({ ok: true, link: { kind: 'sms', to: ['+12025550143'], body: '' } });
  });

  it('parses mailto: with recipients, cc, bcc, subject and body', () => {
    expect(
      parse(
        'mailto:Ann@Example.com,bob@example.com?subject=Hello%20there&cc=c@example.com&bcc=d@example.com&body=Line%201%0ALine%202&to=e@example.com',
      ),
    ).toEqual({
      ok: true,
      link: {
        kind: 'email',
        to: ['ann@example.com', 'bob@example.com', 'e@example.com'],
        cc: ['c@example.com'],
        bcc: ['d@example.com'],
        subject: 'Hello there',
        body: 'Line 1\nLine 2',
      },
    });
    expect(parse('mailto:?to=a@example.com')).toMatchObject({ ok: true, link: { to: ['a@example.com'] } });
  });

  it.each([
    'tel:',
    'tel:12',
    'tel:+1-000-000-0000',
    'tel:+1202555014312345678',
    'tel:javascript:alert(1)',
    'tel:%E0%A4%A',
    'sms:',
    'sms:+12025550143,notanumber',
    'sms:+12025550143?body=%ZZ',
    'mailto:',
    'mailto:not-an-address',
    'mailto:a@example.com?cc=bad',
    'mailto:a@example.com%0D%0ABcc:x@example.com',
    'http://example.com',
    'file:///etc/passwd',
    `sms:+12025550143?body=${'x'.repeat(2000)}`,
    `mailto:a@example.com?body=${'x'.repeat(9000)}`,
  ])('refuses %s', (text) => {
    expect(parse(text).ok).toBe(false);
  });

  it('finds the link among command-line arguments', () => {
    expect(findDeepLinkArgument(['/opt/Switchboard/switchboard', '--flag', 'tel:+12025550143'])).toBe('tel:+12025550143');
    expect(findDeepLinkArgument(['/opt/Switchboard/switchboard', '.'])).toBeNull();
  });
});
