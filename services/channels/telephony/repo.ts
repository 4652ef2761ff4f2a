import type { CallLeg, CallRole, Message, SmsOptOut } from '../../contracts';
import type { FollowUpRow } from '../../ingest/inbound';
import { toMessage } from '../../store/repos/messages';
import type { Connection, Store } from '../../store/store';
import { sql } from '../../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

// --- voice: call legs ---------------------------------------------------------------------------------

type DbCall = {
  call_sid: string;
  conversation_id: number | null;
  role: CallRole;
  agent_id: number | null;
  from_number: string | null;
  to_number: string | null;
  status: string;
  conference: string | null;
  in_conference: number;
  on_hold: number;
  muted: number;
  recording_url: string | null;
  recording_sid: string | null;
  duration_s: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
};

export type CallRow = Readonly<{
  callSid: string;
  conversationId: number | null;
  role: CallRole;
  agentId: number | null;
  fromNumber: string | null;
  toNumber: string | null;
  status: string;
  conference: string | null;
  inConference: boolean;
  onHold: boolean;
  muted: boolean;
  recordingUrl: string | null;
  recordingSid: string | null;
  durationS: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}>;

function toRow(r: DbCall): CallRow {
  return {
    callSid: r.call_sid,
    conversationId: r.conversation_id,
    role: r.role,
    agentId: r.agent_id,
    fromNumber: r.from_number,
    toNumber: r.to_number,
    status: r.status,
    conference: r.conference,
    inConference: r.in_conference === 1,
    onHold: r.on_hold === 1,
    muted: r.muted === 1,
    recordingUrl: r.recording_url,
    recordingSid: r.recording_sid,
    durationS: r.duration_s,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    endedAt: r.ended_at,
  };
}

export function toLeg(r: CallRow): CallLeg {
  return {
    callSid: r.callSid,
    role: r.role,
    agentId: r.agentId,
    status: r.status,
    // A leg that is over is on hold or muted no longer, whatever the last participant update said.
    onHold: r.onHold && r.endedAt === null && !finalStatuses.has(r.status),
    muted: r.muted && r.endedAt === null && !finalStatuses.has(r.status),
    startedAt: r.createdAt,
    endedAt: r.endedAt,
  };
}

/** Statuses after which a leg is gone. */
export const finalStatuses: ReadonlySet<string> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

export type NewCall = Readonly<{
  callSid: string;
  conversationId: number | null;
  role: CallRole;
  agentId?: number | null;
  fromNumber?: string | null;
  toNumber?: string | null;
  status: string;
  conference?: string | null;
  inConference?: boolean;
  at: number;
}>;

/** Inserts a leg; an existing SID is left as it is (webhook retries). Returns whether a row was added. */
export async function insertCall(tx: Connection, c: NewCall): Promise<boolean> {
  const result = await tx.run(sql`
    INSERT INTO twilio_call (call_sid, conversation_id, role, agent_id, from_number, to_number, status, conference, in_conference, created_at, updated_at)
    VALUES (${c.callSid}, ${c.conversationId}, ${c.role}, ${c.agentId ?? null}, ${c.fromNumber ?? null}, ${c.toNumber ?? null}, ${c.status},
            ${c.conference ?? null}, ${c.inConference ? 1 : 0}, ${c.at}, ${c.at})
    ON CONFLICT (call_sid) DO NOTHING`);
  return result.changes > 0;
}

/** What a call's lifecycle may change: everything but its identity, parties and timestamps the repo keeps. */
export type CallPatch = Partial<Omit<CallRow, 'callSid' | 'agentId' | 'fromNumber' | 'toNumber' | 'createdAt' | 'updatedAt'>>;

const columns: Record<keyof CallPatch, string> = {
  conversationId: 'conversation_id',
  role: 'role',
  status: 'status',
  conference: 'conference',
  inConference: 'in_conference',
  onHold: 'on_hold',
  muted: 'muted',
  recordingUrl: 'recording_url',
  recordingSid: 'recording_sid',
  durationS: 'duration_s',
  error: 'error',
  endedAt: 'ended_at',
};

export async function updateCall(tx: Connection, callSid: string, patch: CallPatch, at: number): Promise<CallRow | undefined> {
  const keys = Object.keys(patch) as Array<keyof CallPatch>;
  // Column names come from the fixed map above; values are bound.
  const sets = keys.map((k) => `${columns[k]} = ?`);
  const values = keys.map((k) => {
    const v = patch[k];
    return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  });
  await tx.run({
    text: `UPDATE twilio_call SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE call_sid = ?`,
    values: [...values, at, callSid],
  });
  return getCall(tx, callSid);
}

export async function getCall(db: Pick<Connection, 'get'>, callSid: string): Promise<CallRow | undefined> {
  const row = await db.get<DbCall>(sql`SELECT * FROM twilio_call WHERE call_sid = ${callSid}`);
  return row ? toRow(row) : undefined;
}

export async function callsOfConversation(db: Pick<Connection, 'all'>, conversationId: number): Promise<CallRow[]> {
  const rows = await db.all<DbCall>(sql`SELECT * FROM twilio_call WHERE conversation_id = ${conversationId} ORDER BY created_at, call_sid`);
  return rows.map(toRow);
}

/** Participant updates address the conference by SID: every leg of the conversation in it takes the SID. */
export async function setConferenceOfConversation(tx: Connection, conversationId: number, conference: string): Promise<void> {
  await tx.run(sql`UPDATE twilio_call SET conference = ${conference} WHERE conversation_id = ${conversationId} AND in_conference = 1`);
}

/** The data of the newest event of this type in a conversation. */
export async function lastEventDataOfConversation(db: Reader, conversationId: number, type: string): Promise<string | undefined> {
  const row = await db.get<{ data: string }>(
    sql`SELECT data FROM event WHERE conversation_id = ${conversationId} AND type = ${type} ORDER BY seq DESC LIMIT 1`,
  );
  return row?.data;
}

/** The data of the event of this type recorded at `at` for a call that has no conversation. */
export async function eventDataOfCall(db: Reader, at: number, type: string, callSid: string): Promise<string | undefined> {
  const row = await db.get<{ data: string }>(
    sql`SELECT data FROM event WHERE at = ${at} AND type = ${type} AND json_extract(data, '$.callSid') = ${callSid} LIMIT 1`,
  );
  return row?.data;
}

// --- sms: messages and opt-outs -----------------------------------------------------------------------

export async function getMessageById(db: Reader, id: number): Promise<Message | undefined> {
  const row = await db.get<Parameters<typeof toMessage>[0]>(sql`SELECT * FROM message WHERE id = ${id}`);
  return row ? toMessage(row) : undefined;
}

export async function messageStatusOf(db: Reader, id: number): Promise<string | null | undefined> {
  const row = await db.get<{ status: string | null }>(sql`SELECT status FROM message WHERE id = ${id}`);
  return row?.status;
}

type DbOptOut = { phone: string; customer_id: number | null; opted_out: number; keyword: string; changed_at: number };

export async function getOptOut(db: Pick<Connection, 'get'>, phone: string): Promise<SmsOptOut> {
  const row = await db.get<DbOptOut>(
    sql`SELECT phone, customer_id, opted_out, keyword, changed_at FROM sms_opt_out WHERE phone = ${phone}`,
  );
  return row
    ? { phone: row.phone, customerId: row.customer_id, optedOut: row.opted_out === 1, keyword: row.keyword, changedAt: row.changed_at }
    : { phone, customerId: null, optedOut: false, keyword: null, changedAt: null };
}

/** The MessageSid and direction of the last recorded change for a phone (to recognise a retried webhook). */
export async function lastOptOutChange(
  db: Pick<Connection, 'get'>,
  phone: string,
): Promise<{ messageSid: string | null; optedOut: boolean } | undefined> {
  const row = await db.get<{ message_sid: string | null; opted_out: number }>(
    sql`SELECT message_sid, opted_out FROM sms_opt_out WHERE phone = ${phone}`,
  );
  return row ? { messageSid: row.message_sid, optedOut: row.opted_out === 1 } : undefined;
}

export type OptOutChange = Readonly<{
  phone: string;
  customerId: number | null;
  optedOut: boolean;
  keyword: string;
  ourNumber: string | null;
  messageSid: string | null;
  at: number;
}>;

export async function saveOptOut(tx: Connection, c: OptOutChange): Promise<void> {
  await tx.run(sql`
    INSERT INTO sms_opt_out (phone, customer_id, opted_out, keyword, our_number, message_sid, changed_at)
    VALUES (${c.phone}, ${c.customerId}, ${c.optedOut ? 1 : 0}, ${c.keyword}, ${c.ourNumber}, ${c.messageSid}, ${c.at})
    ON CONFLICT (phone) DO UPDATE SET customer_id = COALESCE(excluded.customer_id, sms_opt_out.customer_id),
      opted_out = excluded.opted_out, keyword = excluded.keyword, our_number = excluded.our_number,
      message_sid = excluded.message_sid, changed_at = excluded.changed_at`);
}

// --- sms: inbound media ------------------------------------------------------------------------------

export type InboundMedia = Readonly<{ url: string; contentType: string | null }>;

/** An MMS's media as attachment rows that ingest commits together with the message (one write unit). */
export function mediaRows(media: readonly InboundMedia[]): FollowUpRow[] {
  return media.map((m) => ({
    table: 'attachment',
    values: { message_id: { ref: 'messageId' }, content_type: m.contentType, url: m.url },
  }));
}

/**
 * The media rows of a message stored without them, once: skipped when the message has any. Only a message
 * stored before its media rode in its own write unit can lack them (the previous hub committed them in a
 * second transaction and could crash in between); Twilio's retry then completes it.
 */
export async function storeMissingMedia(store: Store, messageId: number, media: readonly InboundMedia[]): Promise<void> {
  await store.write(async (tx) => {
    if (await tx.get(sql`SELECT 1 AS found FROM attachment WHERE message_id = ${messageId} LIMIT 1`)) return;
    for (const m of media) {
      await tx.run(sql`INSERT INTO attachment (message_id, content_type, url) VALUES (${messageId}, ${m.contentType}, ${m.url})`);
    }
  });
}

// --- voice: recordings (0017) -------------------------------------------------------------------------

export type RecordingRow = Readonly<{
  recordingSid: string;
  conversationId: number;
  callSid: string | null;
  kind: 'call' | 'voicemail';
  durationS: number | null;
  createdAt: number;
}>;

/** Keeps a recording reference once (callbacks are re-posted); returns whether it was new. */
export async function insertRecording(tx: Connection, r: RecordingRow): Promise<boolean> {
  const result = await tx.run(sql`
    INSERT INTO voice_recording (recording_sid, conversation_id, call_sid, kind, duration_s, created_at)
    VALUES (${r.recordingSid}, ${r.conversationId}, ${r.callSid}, ${r.kind}, ${r.durationS}, ${r.createdAt})
    ON CONFLICT (recording_sid) DO NOTHING`);
  return result.changes > 0;
}

type DbRecording = {
  recording_sid: string;
  conversation_id: number;
  call_sid: string | null;
  kind: 'call' | 'voicemail';
  duration_s: number | null;
  created_at: number;
};
const toRecording = (r: DbRecording): RecordingRow => ({
  recordingSid: r.recording_sid,
  conversationId: r.conversation_id,
  callSid: r.call_sid,
  kind: r.kind,
  durationS: r.duration_s,
  createdAt: r.created_at,
});

export async function recordingsOfConversation(db: Pick<Connection, 'all'>, conversationId: number): Promise<RecordingRow[]> {
  const rows = await db.all<DbRecording>(
    sql`SELECT * FROM voice_recording WHERE conversation_id = ${conversationId} ORDER BY created_at, recording_sid`,
  );
  return rows.map(toRecording);
}

export async function getRecording(db: Pick<Connection, 'all'>, recordingSid: string): Promise<RecordingRow | undefined> {
  const rows = await db.all<DbRecording>(sql`SELECT * FROM voice_recording WHERE recording_sid = ${recordingSid}`);
  return rows[0] ? toRecording(rows[0]) : undefined;
}

// --- voice: how each agent's leg reaches them (0018) ----------------------------------------------------

export type AgentVoiceRow = Readonly<{ leg: 'softphone' | 'phone' | 'sip'; address: string | null; autoAnswer: boolean }>;

export const defaultAgentVoice: AgentVoiceRow = { leg: 'softphone', address: null, autoAnswer: false };

export async function getAgentVoice(db: Pick<Connection, 'all'>, agentId: number): Promise<AgentVoiceRow> {
  const rows = await db.all<{ leg: AgentVoiceRow['leg']; address: string | null; auto_answer: number }>(
    sql`SELECT leg, address, auto_answer FROM agent_voice_setting WHERE agent_id = ${agentId}`,
  );
  const row = rows[0];
  return row ? { leg: row.leg, address: row.address, autoAnswer: row.auto_answer === 1 } : defaultAgentVoice;
}

export async function saveAgentVoice(tx: Connection, agentId: number, s: AgentVoiceRow, at: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO agent_voice_setting (agent_id, leg, address, auto_answer, updated_at)
    VALUES (${agentId}, ${s.leg}, ${s.leg === 'softphone' ? null : s.address}, ${s.autoAnswer ? 1 : 0}, ${at})
    ON CONFLICT (agent_id) DO UPDATE SET leg = excluded.leg, address = excluded.address,
      auto_answer = excluded.auto_answer, updated_at = excluded.updated_at`);
}
