import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { IdentityKind as IdentityKindSchema, type CustomerSearchHit, type IdentityKind, type MessageSearchHit } from '../contracts';
import type { Connection } from '../store/store';
import { normaliseIdentity } from '../identity/normalise';
import {
  customerIdByIdentity,
  customerIdsByIdentityPrefix,
  customerIdsByName,
  customerMessageHits,
  customerSummaries,
  identitiesOfCustomers,
} from './repo';

type Reader = Pick<Connection, 'get' | 'all' | 'engine'>;

/**
 * User text -> an FTS5 query that cannot inject operators: each word quoted (quotes removed), every word a
 * prefix when `prefix` is set. Returns null when nothing searchable is left. Control characters become
 * spaces: the contracts refuse them, but a NUL that got here would end the query string inside FTS5.
 */
export function ftsQuery(text: string, prefix: boolean): string | null {
  const words = text
    // eslint-disable-next-line no-control-regex -- the point is to remove them
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"${prefix ? '*' : ''}`).join(' ');
}

type Candidate = { score: number; matched: CustomerSearchHit['matched'] };

/**
 * Ranked customer search: an exact identity (the query normalised as phone, email, chat or external id)
 * scores 100, an identity prefix 60, a name/company full-text match 10..50 by bm25 order. Merged-away
 * records never appear.
 */
export async function searchCustomers(db: Reader, query: string, limit: number, region: CountryCode = 'US'): Promise<CustomerSearchHit[]> {
  const found = new Map<number, Candidate>();
  const offer = (id: number, c: Candidate) => {
    const prev = found.get(id);
    if (!prev || prev.score < c.score) found.set(id, c);
  };
  const q = query.trim();

  for (const kind of IdentityKindSchema.options) {
    let value: string;
    try {
      value = normaliseIdentity(kind, q, region);
    } catch {
      continue;
    }
    const owner = await customerIdByIdentity(db, kind, value);
    if (owner !== undefined) offer(owner, { score: 100, matched: 'identity' });
  }

  for (const [kind, prefix] of identityPrefixes(q, region)) {
    for (const id of await customerIdsByIdentityPrefix(db, kind, prefix, limit)) offer(id, { score: 60, matched: 'identity_prefix' });
  }

  const match = ftsQuery(q, true);
  if (match) {
    const ids = await customerIdsByName(db, match, limit);
    ids.forEach((id, i) => offer(id, { score: 10 + 40 / (1 + i * 0.25), matched: 'name' }));
  }

  if (found.size === 0) return [];
  const customerIds = [...found.keys()];
  const customers = await customerSummaries(db, customerIds);
  const identities = await identitiesOfCustomers(db, customerIds);
  return customers
    .filter((c) => c.merged_into === null)
    .map((c) => {
      const cand = found.get(c.id) ?? { score: 0, matched: 'name' as const };
      return {
        customerId: c.id,
        displayName: c.display_name,
        company: c.company,
        identities: identities.filter((i) => i.customer_id === c.id).map((i) => ({ kind: i.kind, value: i.value })),
        score: Math.round(cand.score * 10) / 10,
        matched: cand.matched,
      };
    })
    .sort((a, b) => b.score - a.score || a.customerId - b.customerId)
    .slice(0, limit);
}

/** Prefixes worth an index range scan: a partial email, or 4+ digits of a phone number. */
function identityPrefixes(q: string, region: CountryCode): Array<[IdentityKind, string]> {
  const out: Array<[IdentityKind, string]> = [];
  const lower = q.toLowerCase();
  if (lower.length >= 3 && !/\s/.test(lower)) out.push(['email', lower]);
  if (/^[+\d\s().-]+$/.test(q)) {
    const digits = q.replace(/\D/g, '');
    if (digits.length >= 4) {
      if (q.trim().startsWith('+')) out.push(['phone', `+${digits}`]);
      else {
        out.push(['phone', `+${getCountryCallingCode(region)}${digits.replace(/^0/, '')}`]);
        out.push(['phone', `+${digits}`]);
      }
    }
  }
  if (q.length >= 3) out.push(['external', q]);
  return out;
}

/** FTS5 over one customer's messages, best match first, with a plain-text snippet ([ ] mark the hits). */
export async function searchCustomerMessages(db: Reader, customerId: number, query: string, limit: number): Promise<MessageSearchHit[]> {
  const match = ftsQuery(query, true);
  if (!match) return [];
  const rows = await customerMessageHits(db, customerId, match, limit);
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    channel: r.channel,
    direction: r.direction,
    createdAt: r.created_at,
    snippet: r.snippet,
  }));
}
