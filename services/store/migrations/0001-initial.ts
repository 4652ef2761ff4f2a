import type { Migration } from '../migration';

/** The first schema: the aggregates of the one queue and its append-only event log. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  merged_into INTEGER REFERENCES customer(id),
  created_at INTEGER NOT NULL
);

CREATE TABLE identity (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  kind TEXT NOT NULL CHECK (kind IN ('phone','email','chat','external')),
  value TEXT NOT NULL,
  shared INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, value)
);
CREATE INDEX identity_customer ON identity(customer_id);

CREATE TABLE queue (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  channels TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '{}',
  sla_seconds INTEGER NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  sl_target_percent REAL NOT NULL DEFAULT 80,
  short_abandon_seconds INTEGER NOT NULL DEFAULT 5
);

CREATE TABLE agent (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent','supervisor','admin')),
  password_hash TEXT,
  skills TEXT NOT NULL DEFAULT '{}',
  capacity TEXT NOT NULL,
  presence TEXT NOT NULL DEFAULT 'offline',
  away_reason TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  agent_id INTEGER NOT NULL REFERENCES agent(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_agent ON session(agent_id);

CREATE TABLE conversation (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('voice','sms','email','chat')),
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  queue_id TEXT NOT NULL REFERENCES queue(id),
  state TEXT NOT NULL CHECK (state IN ('queued','offered','active','wrap_up','closed','abandoned')),
  priority INTEGER NOT NULL DEFAULT 0,
  subject TEXT,
  thread_key TEXT,
  assigned_agent_id INTEGER REFERENCES agent(id),
  last_agent_id INTEGER REFERENCES agent(id),
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER,
  first_response_at INTEGER,
  closed_at INTEGER,
  disposition TEXT
);
-- Hot: open work at start-up and per agent; threading lookups; a customer's history.
CREATE INDEX conversation_state ON conversation(state, queue_id);
CREATE INDEX conversation_thread ON conversation(thread_key, created_at) WHERE thread_key IS NOT NULL;
CREATE INDEX conversation_customer ON conversation(customer_id, created_at);
CREATE INDEX conversation_agent ON conversation(assigned_agent_id) WHERE assigned_agent_id IS NOT NULL;

CREATE TABLE message (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversation(id),
  direction TEXT NOT NULL CHECK (direction IN ('in','out','note')),
  author_agent_id INTEGER REFERENCES agent(id),
  body_text TEXT NOT NULL,
  body_html TEXT,
  provider_id TEXT UNIQUE,
  status TEXT,
  meta TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX message_conversation ON message(conversation_id, id);

CREATE TABLE attachment (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES message(id),
  filename TEXT,
  content_type TEXT,
  size INTEGER,
  sha256 TEXT,
  url TEXT,
  error TEXT
);
CREATE INDEX attachment_message ON attachment(message_id);

-- Append-only: every routing decision and state change. Source of metrics and audit.
CREATE TABLE event (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  conversation_id INTEGER,
  agent_id INTEGER,
  queue_id TEXT,
  channel TEXT,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX event_at ON event(at);
CREATE INDEX event_conversation ON event(conversation_id, seq) WHERE conversation_id IS NOT NULL;
`,
};
