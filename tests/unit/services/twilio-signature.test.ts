import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { validTwilioSignature } from '../../../services/channels/telephony/signature';

// The hub's signature check must accept exactly what the twilio package's validateRequest accepts: the fast
// path (one HMAC over the URL as received) only ever says yes where validateRequest says yes, and everything
// else is validateRequest's answer.

const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const text = (n: number): string => randomBytes(n).toString('base64').slice(0, n);
const hostile = ['', 'ünïcödé ☎', "O'Neil & co=1", 'a\u0000b', '+ %2B %20', 'line\nbreak', 'a\ud83d\ude00b'];

function params(k: number): Record<string, string | string[]> {
  const p: Record<string, string | string[]> = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    From: '+12025550101',
    Body: hostile[k % hostile.length] ?? '',
  };
  for (let i = 0; i < k % 4; i += 1) p[`Field${text(3)}`] = text(8);
  if (k % 5 === 0) p.MediaUrl = ['https://b.example/2', 'https://a.example/1'];
  return p;
}

const urls = [
  'https://hub.example.com/twilio/sms/inbound',
  'https://hub.example.com:443/twilio/sms/inbound',
  'https://hub.example.com:8443/twilio/sms/inbound?x=1&y=it%27s',
  "https://hub.example.com/twilio/voice/status?ref=it's",
  'http://[::1]:8080/twilio/sms/inbound',
];

describe('Twilio signature check', () => {
  it('agrees with validateRequest on signatures for the URL as received, its port variants, other URLs and other tokens', () => {
    let accepted = 0;
    for (let k = 0; k < 300; k += 1) {
      const p = params(k);
      const url = urls[k % urls.length] ?? '';
      const signedUrl =
        k % 3 === 0 ? url : k % 3 === 1 ? url.replace(':443', '').replace('.com/', '.com:443/') : (urls[(k + 1) % urls.length] ?? '');
      const token = k % 7 === 0 ? TOKEN.replace('f', 'e') : TOKEN;
      const signature = getExpectedTwilioSignature(token, signedUrl, p);
      const theirs = validateRequest(TOKEN, signature, url, p);
      expect(validTwilioSignature(TOKEN, signature, url, p), `case ${k}: ${signedUrl} vs ${url}`).toBe(theirs);
      if (theirs) accepted += 1;
    }
    // Both answers occur: the comparison means something.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(300);
  });

  it('refuses a signature that differs in one character, is empty, or has another length', () => {
    const p = params(1);
    const url = urls[0] ?? '';
    const good = getExpectedTwilioSignature(TOKEN, url, p);
    expect(validTwilioSignature(TOKEN, good, url, p)).toBe(true);
    const flipped = `${good.slice(0, 5)}${good[5] === 'A' ? 'B' : 'A'}${good.slice(6)}`;
    for (const bad of [flipped, '', `${good}=`, good.slice(1)]) expect(validTwilioSignature(TOKEN, bad, url, p)).toBe(false);
    // A field changed after signing.
    expect(validTwilioSignature(TOKEN, good, url, { ...p, Body: 'changed' })).toBe(false);
  });
});
