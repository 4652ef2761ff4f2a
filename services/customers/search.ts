import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { IdentityKind as IdentityKindSchema, type CustomerSearchHit, type IdentityKind, type MessageSearchHit } from '../contracts';
import type { Connection } from '../store/store';
import { join, sql } from '../store/sql';
import { normaliseIdentity } from '../identity/normalise';

type Reader = Pick<Connection, 'get' | 'all'>;

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
    const row = await db.get<{ customer_id: number }>(sql`SELECT customer_id FROM identity WHERE kind = ${kind} AND value = ${value}`);
    if (row) offer(row.customer_id, { score: 100, matched: 'identity' });
  }

  for (const [kind, prefix] of identityPrefixes(q, region)) {
    const rows = await db.all<{ customer_id: number }>(
      sql`SELECT customer_id FROM identity WHERE kind = ${kind} AND value >= ${prefix} AND value < ${prefix + '\u{10FFFF}'} ORDER BY value LIMIT ${limit}`,
    );
    for (const r of rows) offer(r.customer_id, { score: 60, matched: 'identity_prefix' });
  }

  const match = ftsQuery(q, true);
  if (match) {
    const rows = await db.all<{ id: number }>(sql`
      SELECT c.id FROM customer_fts f JOIN customer c ON c.id = f.rowid
      WHERE customer_fts MATCH ${match} AND c.merged_into IS NULL
      ORDER BY f.rank LIMIT ${limit}`);
    rows.forEach((r, i) => offer(r.id, { score: 10 + 40 / (1 + i * 0.25), matched: 'name' }));
  }

  if (found.size === 0) return [];
  const customerIds = [...found.keys()];
  const customers = await db.all<{ id: number; display_name: string; company: string | null; merged_into: number | null }>(
    sql`SELECT id, display_name, company, merged_into FROM customer WHERE id IN (${join(customerIds.map((id) => sql`${id}`))})`,
  );
  const identities = await db.all<{ customer_id: number; kind: IdentityKind; value: string }>(
    sql`SELECT customer_id, kind, value FROM identity WHERE customer_id IN (${join(customerIds.map((id) => sql`${id}`))}) ORDER BY id`,
  );
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
  const rows = await db.all<{
    id: number;
    conversation_id: number;
    channel: MessageSearchHit['channel'];
    direction: MessageSearchHit['direction'];
    created_at: number;
    snippet: string;
  }>(sql`
    SELECT m.id, m.conversation_id, c.channel, m.direction, m.created_at,
           snippet(message_fts, 0, '[', ']', '…', 16) AS snippet
    FROM message_fts JOIN message m ON m.id = message_fts.rowid JOIN conversation c ON c.id = m.conversation_id
    WHERE message_fts MATCH ${match} AND c.customer_id = ${customerId}
    ORDER BY message_fts.rank LIMIT ${limit}`);
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    channel: r.channel,
    direction: r.direction,
    createdAt: r.created_at,
    snippet: r.snippet,
  }));
}
