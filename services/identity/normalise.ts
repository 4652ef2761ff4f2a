import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { IdentityKind } from '../contracts';

export type IdentityRef = Readonly<{ kind: IdentityKind; value: string; displayName?: string | null }>;

export class InvalidIdentityError extends Error {}

/**
 * The canonical form an identity is stored and matched under: phones in E.164, emails trimmed and
 * lower-cased (plus-addressing kept: "ann+shop@x" is a different mailbox as far as we can know).
 */
export function normaliseIdentity(kind: IdentityKind, value: string, defaultRegion: CountryCode = 'US'): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'phone': {
      const e164 = parsePhone(trimmed, defaultRegion);
      if (e164 === null) throw new InvalidIdentityError(`not a phone number: ${JSON.stringify(trimmed.slice(0, 40))}`);
      return e164;
    }
    case 'email': {
      const lower = trimmed.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(lower) || lower.length > 320) {
        throw new InvalidIdentityError(`not an email address: ${JSON.stringify(trimmed.slice(0, 60))}`);
      }
      return lower;
    }
    case 'chat':
    case 'external': {
      if (trimmed.length === 0 || trimmed.length > 200) throw new InvalidIdentityError(`bad ${kind} id`);
      return trimmed;
    }
  }
}

/** normaliseIdentity, or undefined for a malformed value (callers that skip it rather than refuse it). */
export function tryNormaliseIdentity(kind: IdentityKind, value: string, defaultRegion?: CountryCode): string | undefined {
  try {
    return normaliseIdentity(kind, value, defaultRegion);
  } catch (error) {
    if (error instanceof InvalidIdentityError) return undefined;
    throw error;
  }
}

/**
 * libphonenumber parsing is the costliest CPU step of an inbound SMS and the same numbers recur (our own
 * numbers on every webhook, the sender parsed by the adapter and again by customer resolution), so results
 * are memoised in a bounded map (oldest entries dropped first).
 */
const PHONE_MEMO_LIMIT = 10_000;
const phoneMemo = new Map<string, string | null>();

/**
 * A North American number already in E.164 (what Twilio sends for US and Canadian senders) is its own
 * canonical form. The parser's costliest step is telling apart the ~25 countries that share +1, which cannot
 * change such a number, so it is skipped (tests compare this with the parser on random numbers).
 */
const NANP_E164 = /^\+1[2-9]\d{9}$/;

function parsePhone(trimmed: string, region: CountryCode): string | null {
  if (NANP_E164.test(trimmed)) return trimmed;
  const key = `${region}|${trimmed}`;
  const known = phoneMemo.get(key);
  if (known !== undefined) return known;
  const phone = parsePhoneNumberFromString(trimmed, region);
  const e164 = phone?.isPossible() ? phone.number : null;
  if (phoneMemo.size >= PHONE_MEMO_LIMIT) {
    const oldest = phoneMemo.keys().next().value;
    if (oldest !== undefined) phoneMemo.delete(oldest);
  }
  phoneMemo.set(key, e164);
  return e164;
}
