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
      const phone = parsePhoneNumberFromString(trimmed, defaultRegion);
      if (!phone?.isPossible()) throw new InvalidIdentityError(`not a phone number: ${JSON.stringify(trimmed.slice(0, 40))}`);
      return phone.number;
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
