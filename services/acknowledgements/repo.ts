import { AckSettings, type AckChannel } from '../contracts';
import { toMessage, type DbMessage } from '../store/repos/messages';
import type { Connection } from '../store/store';
import { sql } from '../store/sql';
import type { Message } from '../contracts';

type Reader = Pick<Connection, 'get' | 'all'>;

/** A queue's saved settings, or undefined when it never saved any (acknowledgements off). */
export async function getAckSettings(db: Reader, queueId: string): Promise<AckSettings | undefined> {
  const row = await db.get<{ settings: string }>(sql`SELECT settings FROM queue_acknowledgement WHERE queue_id = ${queueId}`);
  if (!row) return undefined;
  // Stored by saveAckSettings after the same parse; a row that no longer parses reads as off, never as a crash.
  const parsed = AckSettings.safeParse(JSON.parse(row.settings));
  return parsed.success ? parsed.data : undefined;
}

/** Every queue's saved settings (a handful of rows), by queue; rows that no longer parse read as off. */
export async function getAllAckSettings(db: Reader): Promise<Map<string, AckSettings>> {
  const rows = await db.all<{ queue_id: string; settings: string }>(sql`SELECT queue_id, settings FROM queue_acknowledgement`);
  const settings = new Map<string, AckSettings>();
  for (const row of rows) {
    const parsed = AckSettings.safeParse(JSON.parse(row.settings));
    if (parsed.success) settings.set(row.queue_id, parsed.data);
  }
  return settings;
}

export async function saveAckSettings(tx: Connection, queueId: string, settings: AckSettings, agentId: number, at: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO queue_acknowledgement (queue_id, settings, updated_at, updated_by) VALUES (${queueId}, ${JSON.stringify(settings)}, ${at}, ${agentId})
    ON CONFLICT (queue_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}

export async function getWatermark(db: Reader, channel: AckChannel): Promise<number> {
  const row = await db.get<{ last_message_id: number }>(sql`SELECT last_message_id FROM ack_watermark WHERE channel = ${channel}`);
  return row?.last_message_id ?? 0;
}

export async function setWatermark(tx: Connection, channel: AckChannel, messageId: number): Promise<void> {
  await tx.run(sql`UPDATE ack_watermark SET last_message_id = ${messageId} WHERE channel = ${channel} AND last_message_id < ${messageId}`);
}

/**
 * Past every stored message: what deciding them all would come to when no queue acknowledges on the channel
 * (each is decided "no acknowledgement" and leaves no row), without reading them.
 */
export async function skipToLatest(tx: Connection, channel: AckChannel): Promise<void> {
  await tx.run(sql`
    UPDATE ack_watermark SET last_message_id = (SELECT MAX(id) FROM message)
    WHERE channel = ${channel} AND last_message_id < (SELECT MAX(id) FROM message)`);
}

/** An inbound message past the watermark, with what the decision needs from its conversation. */
export type AckCandidate = Readonly<{
  message: Message;
  conversationId: number;
  queueId: string;
  customerId: number;
  state: string;
  disposition: string | null;
  /** No earlier message (either way) in its conversation: it opened the conversation. */
  first: boolean;
}>;

export async function candidatesAfter(db: Reader, channel: AckChannel, afterId: number, limit: number): Promise<AckCandidate[]> {
  const rows = await db.all<
    DbMessage & { c_queue_id: string; c_customer_id: number; c_state: string; c_disposition: string | null; first: number }
  >(sql`
    SELECT m.*, c.queue_id AS c_queue_id, c.customer_id AS c_customer_id, c.state AS c_state, c.disposition AS c_disposition,
      NOT EXISTS (SELECT 1 FROM message p WHERE p.conversation_id = m.conversation_id AND p.id < m.id) AS first
    FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.id > ${afterId} AND m.direction = 'in' AND c.channel = ${channel}
    ORDER BY m.id LIMIT ${limit}`);
  return rows.map((r) => ({
    message: toMessage(r),
    conversationId: r.conversation_id,
    queueId: r.c_queue_id,
    customerId: r.c_customer_id,
    state: r.c_state,
    disposition: r.c_disposition,
    first: r.first === 1,
  }));
}

/** Was an acknowledgement sent to this address since `since`? (the per-address rate limit) */
export async function ackedSince(db: Reader, channel: AckChannel, address: string, since: number): Promise<boolean> {
  const row = await db.get<{ n: number }>(sql`
    SELECT COUNT(*) AS n FROM acknowledgement
    WHERE channel = ${channel} AND address = ${address} AND decided_at >= ${since} AND out_message_id IS NOT NULL`);
  return (row?.n ?? 0) > 0;
}

export type AckState = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

export async function recordAck(
  tx: Connection,
  a: Readonly<{
    inboundMessageId: number;
    conversationId: number;
    channel: AckChannel;
    address: string;
    state: AckState;
    reason: string | null;
    outMessageId: number | null;
    at: number;
  }>,
): Promise<void> {
  await tx.run(sql`
    INSERT INTO acknowledgement (inbound_message_id, conversation_id, channel, address, state, reason, out_message_id, decided_at, updated_at)
    VALUES (${a.inboundMessageId}, ${a.conversationId}, ${a.channel}, ${a.address}, ${a.state}, ${a.reason}, ${a.outMessageId}, ${a.at}, ${a.at})
    ON CONFLICT (inbound_message_id) DO NOTHING`);
}

export async function setAckState(tx: Connection, outMessageId: number, state: AckState, reason: string | null, at: number): Promise<void> {
  await tx.run(
    sql`UPDATE acknowledgement SET state = ${state}, reason = COALESCE(${reason}, reason), updated_at = ${at} WHERE out_message_id = ${outMessageId}`,
  );
}

/** Acknowledgements committed but not (known to be) handed to the provider: what a restart looks at. */
export async function pendingAcks(db: Reader, channel: AckChannel): Promise<Array<{ outMessageId: number; state: 'queued' | 'sending' }>> {
  const rows = await db.all<{ out_message_id: number; state: 'queued' | 'sending' }>(sql`
    SELECT out_message_id, state FROM acknowledgement
    WHERE channel = ${channel} AND state IN ('queued', 'sending') AND out_message_id IS NOT NULL ORDER BY inbound_message_id`);
  return rows.map((r) => ({ outMessageId: r.out_message_id, state: r.state }));
}
