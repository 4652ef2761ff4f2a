import { createHmac, timingSafeEqual } from 'node:crypto';
// Twilio's own check (same URL variants, constant-time compare) from its webhooks file alone: the package's
// index loads the whole REST client, which a hub answering webhooks after a restart does not need yet.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by every form field's name and value, names
 * sorted. The URL exactly as received is the one Twilio signed in practice, so it is checked first, in one
 * HMAC over one string. Anything else (a port Twilio added or dropped, a URL it normalised, repeated fields)
 * goes to the twilio package's validateRequest, which tries every variant it knows: what is accepted is
 * exactly what validateRequest accepts (the URL as received is always one of its variants), and the common
 * case costs about half as much (its variants are built and the URL split twice before the first HMAC).
 */
export function validTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
): boolean {
  const names = Object.keys(params).sort();
  let data = url;
  let plain = true;
  for (const name of names) {
    const value = params[name];
    if (typeof value !== 'string') {
      plain = false;
      break;
    }
    data += name + value;
  }
  if (plain) {
    const expected = Buffer.from(createHmac('sha1', authToken).update(data, 'utf8').digest('base64'));
    const given = Buffer.from(signature);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return validateRequest(authToken, signature, url, params as Record<string, string | string[]>);
}
