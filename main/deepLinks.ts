import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DeepLink } from '../services/contracts';

export const deepLinkSchemes = ['tel', 'sms', 'mailto'] as const;
const MAX_LINK_LENGTH = 8192;

export type DeepLinkResult = Readonly<{ ok: true; link: DeepLink } | { ok: false; reason: string }>;

/** Whether a command-line argument or open-url string is one of our links (cheap test before parsing). */
export function looksLikeDeepLink(text: string): boolean {
  return /^(tel|sms|mailto):/i.test(text);
}

/** The first tel:/sms:/mailto: argument (Windows and Linux hand the link to a new process as an argument). */
export function findDeepLinkArgument(argv: readonly string[]): string | null {
  return argv.find(looksLikeDeepLink) ?? null;
}

/**
 * Parses a tel: (RFC 3966), sms: (RFC 5724) or mailto: (RFC 6068) link into an outbound contact. The link comes
 * from any web page or document on the machine, so everything is validated: numbers must be valid for
 * libphonenumber-js (national numbers use `defaultRegion`), addresses must be e-mail addresses, texts are capped.
 */
export function parseDeepLink(text: string, defaultRegion: string): DeepLinkResult {
  if (text.length > MAX_LINK_LENGTH) return { ok: false, reason: 'link too long' };
  const match = /^(tel|sms|mailto):(.*)$/is.exec(text.trim());
  if (!match) return { ok: false, reason: 'not a tel:, sms: or mailto: link' };
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  const [target = '', query = ''] = splitOnce(rest, '?');
  const params = parseQuery(query);
  if (!params) return { ok: false, reason: 'malformed query' };

  let candidate: unknown;
  if (scheme === 'tel') {
    const to = phone(target, defaultRegion);
    if (!to) return { ok: false, reason: 'not a valid phone number' };
    candidate = { kind: 'call', to };
  } else if (scheme === 'sms') {
    const numbers = splitList(target).map((item) => phone(item, defaultRegion));
    if (numbers.length === 0 || numbers.some((n) => n === null)) return { ok: false, reason: 'not a valid phone number' };
    candidate = { kind: 'sms', to: numbers, body: params.get('body') ?? '' };
  } else {
    const to = [...splitList(decode(target) ?? '\0'), ...splitList(params.get('to') ?? '')];
    candidate = {
      kind: 'email',
      to: to.map(normaliseEmail),
      cc: splitList(params.get('cc') ?? '').map(normaliseEmail),
      bcc: splitList(params.get('bcc') ?? '').map(normaliseEmail),
      subject: params.get('subject') ?? '',
      body: params.get('body') ?? '',
    };
  }
  const parsed = DeepLink.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  if (parsed.data.kind === 'email' && parsed.data.to.length + parsed.data.cc.length + parsed.data.bcc.length === 0) {
    return { ok: false, reason: 'no recipient' };
  }
  return { ok: true, link: parsed.data };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** RFC 6068/5724 queries: `+` is a literal plus (not a space, unlike form encoding); names are case-insensitive. */
function parseQuery(query: string): Map<string, string> | null {
  const params = new Map<string, string>();
  if (query === '') return params;
  for (const pair of query.split('&')) {
    const [rawName, rawValue] = splitOnce(pair, '=');
    const name = decode(rawName);
    const value = decode(rawValue);
    if (name === null || value === null) return null;
    const key = name.toLowerCase();
    // Repeated `to`/`cc`/`bcc` accumulate; for the rest the first one wins.
    const previous = params.get(key);
    if (previous === undefined) params.set(key, value);
    else if (key === 'to' || key === 'cc' || key === 'bcc') params.set(key, `${previous},${value}`);
  }
  return params;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function normaliseEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** RFC 3966 allows `;ext=`, `;phone-context=` parameters and visual separators; we dial the number itself. */
function phone(raw: string, defaultRegion: string): string | null {
  const decoded = decode(raw);
  if (decoded === null) return null;
  const number = decoded.split(';')[0]!.replace(/[\s\-.()]/g, '');
  if (!/^\+?\d{3,17}$/.test(number)) return null;
  const parsed = parsePhoneNumberFromString(number, defaultRegion.toUpperCase() as CountryCode);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}
