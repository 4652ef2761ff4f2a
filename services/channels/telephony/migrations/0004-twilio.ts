import type { Migration } from '../../../store/migration';

/** Phone and SMS over Twilio: SMS opt-outs per customer number and the call legs behind voice conversations. */
export const migration0004: Migration = {
  version: 4,
  name: 'twilio',
  sql: `
-- Current STOP/START state per customer phone (E.164). Changes are also appended to the event log.
CREATE TABLE sms_opt_out (
  phone TEXT PRIMARY KEY,
  customer_id INTEGER REFERENCES customer(id),
  opted_out INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
  keyword TEXT NOT NULL,
  our_number TEXT,
  message_sid TEXT,
  changed_at INTEGER NOT NULL
);

-- One row per Twilio call leg (the caller, each agent/consult/supervisor leg, outbound calls, voicemails).
CREATE TABLE twilio_call (
  call_sid TEXT PRIMARY KEY,
  conversation_id INTEGER REFERENCES conversation(id),
  role TEXT NOT NULL CHECK (role IN ('caller','agent','consult','supervisor','outbound','voicemail')),
  agent_id INTEGER REFERENCES agent(id),
  from_number TEXT,
  to_number TEXT,
  status TEXT NOT NULL,
  conference TEXT,
  in_conference INTEGER NOT NULL DEFAULT 0,
  on_hold INTEGER NOT NULL DEFAULT 0,
  muted INTEGER NOT NULL DEFAULT 0,
  recording_url TEXT,
  recording_sid TEXT,
  duration_s INTEGER,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ended_at INTEGER
);
-- Hot: the legs of a conversation (accept, hold, transfer, status pushes).
CREATE INDEX twilio_call_conversation ON twilio_call(conversation_id, role) WHERE conversation_id IS NOT NULL;
`,
};
