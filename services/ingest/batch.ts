import type { Conversation, CustomerSummary, IdentityKind } from '../contracts';
import { tryNormaliseIdentity } from '../identity/normalise';
import type { Connection } from '../store/connection';
import {
  getCustomerSummaries,
  insertCustomersSql,
  insertIdentitiesSql,
  type IdentityOwner,
  type NewIdentity,
  type NumberedCustomer,
} from '../store/repos/customers';
import { insertConversationsSql, queuedConversation, type NumberedConversation } from '../store/repos/conversations';
import { insertMessagesSql, storedMessage, type NumberedMessage } from '../store/repos/messages';
import { ingestLookups } from '../store/repos/ingestLookups';
import type { RowIds } from '../store/repos/rowIds';
import { inSavepoint } from '../store/savepoint';
import { followUpsSql, type MessageFollowUps } from './followUps';
import type { ParsedInboundEvent } from './inbound';
import {
  appendCreated,
  appendMessageIn,
  appendQueuedNew,
  duplicateOf,
  inboundConversation,
  inboundMessage,
  ingestInTransaction,
  isOpen,
  isProviderIdConflict,
  type IngestOptions,
  type IngestResult,
} from './single';

export type BatchItem = Readonly<{
  event: ParsedInboundEvent;
  options: IngestOptions;
  /** Skip the set-wise path: this message is being retried after its batch failed as a whole. */
  perMessage?: boolean;
}>;
export type BatchOutcome = Readonly<{ ok: true; value: IngestResult }> | Readonly<{ ok: false; error: unknown }>;

/**
 * Ingests many inbound messages inside one write unit, with a fixed number of statements for the whole batch
 * instead of about seven per message.
 *
 * Every node-sqlite3 call is a hop to its thread pool and back (about 30 us of CPU, more under load), and the
 * single writer runs its units one after another, so per-message statements bounded ingest at a fraction of
 * what the HTTP layer can take. Here the common cases, a new message from a new or known customer that
 * starts a conversation or continues an open one, are looked up and inserted set-wise: one multi-row
 * INSERT … VALUES statement per table with the values inlined as SQL literals (valuesLiteral), ids numbered
 * by us (the writer is the only inserter).
 *
 * Everything else takes the per-message path (single.ts) in arrival order, each in its own savepoint so one
 * bad message cannot cost the others: replays of a stored provider id, reopening or sticky threads,
 * auto-replies, contacts giving further identities, merged customers, and any message that shares a customer
 * identity, thread or provider id with an earlier message of the same batch. If the set-wise insert fails
 * for any reason, it is rolled back and every message goes the per-message way.
 */
export async function ingestBatch(tx: Connection, items: readonly BatchItem[]): Promise<BatchOutcome[]> {
  const outcomes: Array<BatchOutcome | undefined> = new Array<BatchOutcome | undefined>(items.length);
  // The savepoint goes out with the look-ups (their order does not matter): one round trip less. It is never
  // released on its own; the writer's RELEASE of the unit (or COMMIT) releases it.
  // PostgreSQL only: its client sends one statement at a time, so there the savepoint would cost a round trip
  // of its own; it goes instead in front of the fast path's inserts when they run here (the look-ups write
  // nothing, so it marks the same point), and not at all when they are deferred to the writer's COMMIT exec.
  const savepoint = { pending: tx.engine === 'postgres' };
  const [{ plans, ids }] = await Promise.all([plan(tx, items), savepoint.pending ? null : tx.exec('SAVEPOINT ingest_batch')]);
  const fast = plans.filter((p): p is FastPlan => p.kind !== 'slow');
  if (fast.length > 0 && ids) {
    try {
      // With no per-message work after it, nothing in this unit reads the fast rows back: their inserts can
      // ride in the writer's closing exec (see Connection.deferredSql), one round trip fewer.
      const results = await insertFast(tx, fast, { ...ids }, fast.length === items.length, savepoint);
      fast.forEach((p, i) => (outcomes[p.index] = { ok: true, value: results[i] as IngestResult }));
    } catch (error) {
      // PostgreSQL, no savepoint taken: the fast path wrote nothing here, but a failed read leaves the
      // transaction unusable, so the unit fails as a whole and each message is retried alone (IngestBatcher),
      // as when deferred inserts fail.
      if (savepoint.pending) throw error;
      // Unexpected (the plan rules out every known conflict; a channel's follow-up row may still fail). Nothing of the fast path stays (its events are
      // appended only after its inserts succeeded); each message then gets its own savepoint below, which
      // reports the failure against the message that causes it.
      await tx.exec('ROLLBACK TO ingest_batch');
    }
  }
  for (const [index, item] of items.entries()) {
    if (outcomes[index]) continue;
    const p = plans[index];
    outcomes[index] = await ingestOne(tx, item, p?.kind === 'slow' && p.stored);
  }
  return outcomes as BatchOutcome[];
}

async function ingestOne(tx: Connection, { event, options }: BatchItem, knownDuplicate: boolean): Promise<BatchOutcome> {
  if (knownDuplicate) {
    const duplicate = await duplicateOf(tx, event.providerId);
    if (duplicate) return { ok: true, value: duplicate };
  }
  try {
    return { ok: true, value: await inSavepoint(tx, 'ingest_one', () => ingestInTransaction(tx, event, options)) };
  } catch (error) {
    // A replay that raced its first copy: message.provider_id is UNIQUE; the caller gets the stored copy.
    if (isProviderIdConflict(error)) {
      const duplicate = await duplicateOf(tx, event.providerId);
      if (duplicate) return { ok: true, value: duplicate };
    }
    return { ok: false, error };
  }
}

type Identity = Readonly<{ kind: IdentityKind; value: string }>;
type SlowPlan = Readonly<{ kind: 'slow'; index: number; stored: boolean }>;
type FastPlan = Readonly<{
  kind: 'created' | 'appended';
  index: number;
  item: BatchItem;
  identity: Identity;
  owner: IdentityOwner | undefined;
  thread: Conversation | undefined;
}>;
type Plan = SlowPlan | FastPlan;

const identityKey = (i: Identity): string => `${i.kind}|${i.value}`;

/** Normalised identity, or undefined when it is malformed (the per-message path then reports the error). */
function normalised(item: BatchItem): Identity | undefined {
  const { from } = item.event;
  const value = tryNormaliseIdentity(from.kind, from.value, item.options.defaultRegion);
  return value === undefined ? undefined : { kind: from.kind, value };
}

/** The key an identity is matched under: normalised, or as given when it is malformed (it then never matches). */
function identityKeyOf(kind: IdentityKind, value: string, region: IngestOptions['defaultRegion']): string {
  return `i:${kind}|${tryNormaliseIdentity(kind, value, region) ?? value}`;
}

/** One look-up statement for the whole batch, then each message is classified in arrival order. */
async function plan(tx: Connection, items: readonly BatchItem[]): Promise<Readonly<{ plans: Plan[]; ids: RowIds | null }>> {
  const identities = items.map((item) =>
    item.perMessage || item.event.alsoKnownAs?.length || !item.event.routable ? undefined : normalised(item),
  );
  const candidates = items.flatMap((item, index) => {
    const identity = identities[index];
    return identity ? [{ item, identity }] : [];
  });
  if (candidates.length === 0) return { plans: items.map((_, index) => ({ kind: 'slow', index, stored: false })), ids: null };

  // Threads are looked up for every message, set-wise or not: a message that goes the per-message way still
  // claims its conversation, so a later message naming the same one (by id or key) must wait behind it.
  const {
    owners,
    byId,
    byKey,
    storedProviderIds: stored,
    queues,
    maxIds: ids,
  } = await ingestLookups(tx, {
    identities: candidates.map((c) => c.identity),
    conversationIds: uniq(items.flatMap((i) => i.event.conversationId ?? [])),
    threadKeys: uniq(items.flatMap((i) => i.event.threadKey ?? [])),
    providerIds: items.map((i) => i.event.providerId),
    queueIds: uniq(candidates.map((c) => c.item.event.queueId)),
  });

  // Keys an earlier message of this batch may create (fast) or touch in ways the look-ups above cannot see
  // (slow, run after the fast ones): a later message sharing one must follow it through the per-message path.
  // Identities are compared normalised, so "(202) 555-0101" and "+12025550101" are the same sender here too.
  const created = new Set<string>();
  const touchedBySlow = new Set<string>();
  const providerIds = new Set<string>();
  const plans = items.map((item, index): Plan => {
    const e = item.event;
    const region = item.options.defaultRegion;
    const identity = identities[index];
    const thread = findThread(e, byId, byKey);
    const senderKey = identity ? `i:${identityKey(identity)}` : identityKeyOf(e.from.kind, e.from.value, region);
    const keys = [
      senderKey,
      ...(e.alsoKnownAs ?? []).map((a) => identityKeyOf(a.kind, a.value, region)),
      ...(e.threadKey !== undefined ? [`t:${e.threadKey}`] : []),
      ...(e.conversationId !== undefined ? [`c:${e.conversationId}`] : []),
      ...(thread ? [`c:${thread.id}`] : []),
    ];
    const owner = identity ? owners.get(identityKey(identity)) : undefined;
    const repeated = providerIds.has(e.providerId);
    providerIds.add(e.providerId);
    const conflicts =
      repeated ||
      keys.some((k) => touchedBySlow.has(k)) ||
      created.has(senderKey) ||
      (e.threadKey !== undefined && created.has(`t:${e.threadKey}`));
    const kind =
      !identity || conflicts || !queues.has(e.queueId) || stored.has(e.providerId) || owner?.mergedInto != null
        ? 'slow'
        : !thread
          ? 'created'
          : isOpen(thread)
            ? 'appended'
            : 'slow';
    if (kind === 'slow' || !identity) {
      for (const k of keys) touchedBySlow.add(k);
      return { kind: 'slow', index, stored: stored.has(e.providerId) || repeated };
    }
    if (!owner) created.add(senderKey);
    if (kind === 'created' && e.threadKey !== undefined) created.add(`t:${e.threadKey}`);
    return { kind, index, item, identity, owner, thread };
  });
  return { plans, ids };
}

/** The conversation single.ts would find: by id when the adapter knows it (same channel), else by thread key. */
function findThread(
  e: ParsedInboundEvent,
  byId: ReadonlyMap<number, Conversation>,
  byKey: ReadonlyMap<string, Conversation>,
): Conversation | undefined {
  if (e.conversationId !== undefined) {
    const found = byId.get(e.conversationId);
    if (found && found.channel === e.channel) return found;
  }
  return e.threadKey !== undefined ? byKey.get(e.threadKey) : undefined;
}

/**
 * Numbers the fast messages' rows (ids continue from `next`) and writes them in one exec (one statement per
 * table), then appends their events in order.
 */
async function insertFast(
  tx: Connection,
  plans: readonly FastPlan[],
  next: RowIds,
  defer: boolean,
  /** pending: the batch's savepoint is not taken yet (PostgreSQL); it goes with the inserts when they run here. */
  savepoint: { pending: boolean },
): Promise<IngestResult[]> {
  const known = new Set<number>();
  const summaries = new Map<number, CustomerSummary>();
  const customers: NumberedCustomer[] = [];
  const identities: NewIdentity[] = [];
  const conversations: NumberedConversation[] = [];
  const messages: NumberedMessage[] = [];
  const followUps: MessageFollowUps[] = [];
  const rows = plans.map((p) => {
    const e = p.item.event;
    const at = e.receivedAt ?? p.item.options.now();
    let customerId = p.owner?.customerId;
    if (customerId === undefined) {
      customerId = ++next.customer;
      const name = (e.from.displayName?.trim() || p.identity.value).slice(0, 200);
      customers.push({ id: customerId, displayName: name, at });
      identities.push({ customerId, kind: p.identity.kind, value: p.identity.value, at });
      summaries.set(customerId, { id: customerId, displayName: name, identities: [p.identity] });
    } else if (p.kind === 'created') known.add(customerId);
    let conversation = p.thread;
    if (p.kind === 'created' || !conversation) {
      const row: NumberedConversation = { id: ++next.conversation, ...inboundConversation(e, customerId, null, at) };
      conversations.push(row);
      conversation = queuedConversation(row);
    }
    const message: NumberedMessage = { id: ++next.message, ...inboundMessage(e, conversation.id, at) };
    messages.push(message);
    if (e.followUps?.length) followUps.push({ rows: e.followUps, ids: { messageId: message.id, conversationId: conversation.id, at } });
    return { plan: p, at, customerId, conversation, message: storedMessage(message) };
  });

  // One exec, one round trip for all the tables (follow-up rows included). It costs SQLite a fresh compile of
  // these statements and their triggers each time, which is cheaper on a busy hub than three more thread-pool
  // hops (measured: bench:ingest 2,200 -> 2,450 req/s). The caller opened the savepoint a failure rolls back to.
  const statements = [
    customers.length > 0 ? insertCustomersSql(customers) : null,
    identities.length > 0 ? insertIdentitiesSql(identities) : null,
    conversations.length > 0 ? insertConversationsSql(conversations) : null,
    insertMessagesSql(messages),
    // After the messages they point at. One that fails fails this whole insert; each message then retries
    // alone (see ingestBatch and IngestBatcher), so only its own message fails, and with it.
    ...followUpsSql(followUps),
  ].filter((statement): statement is string => statement !== null);
  if (defer) tx.deferredSql.push(...statements);
  else {
    // The savepoint is the exec's first statement: it is taken even if an insert after it fails.
    const withSavepoint = savepoint.pending ? ['SAVEPOINT ingest_batch', ...statements] : statements;
    savepoint.pending = false;
    await tx.exec(withSavepoint.join(';\n'));
  }
  // New work needs its customer's card for the queue: new customers' cards are known, the others are read
  // here, one statement for the batch.
  for (const [id, summary] of await getCustomerSummaries(tx, [...known])) summaries.set(id, summary);

  // In arrival order, one message after another: event seqs follow the order the messages came in.
  const results: IngestResult[] = [];
  for (const { plan: p, at, customerId, conversation, message } of rows) {
    if (p.kind === 'created') {
      await appendCreated(tx, conversation, p.item.event, at);
      await appendQueuedNew(tx, conversation, at);
    }
    await appendMessageIn(tx, conversation, message.id, p.item.event, at);
    const customer = p.kind === 'created' ? summaries.get(customerId) : undefined;
    results.push({
      outcome: p.kind,
      conversation,
      message,
      customerId,
      ...(customer ? { customer } : {}),
      ...(p.owner === undefined ? { newCustomer: true as const } : {}),
    });
  }
  return results;
}

function uniq<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
