import type { Migration } from '../../../store/migration';

/** Web chat: visitor sessions (resume tokens), one-time codes and "My history" sessions. */
export const migration0005: Migration = {
  version: 5,
  name: 'webchat',
  sql: `
-- A widget session. The token is only stored hashed; conversation_id is the chat it is on now.
CREATE TABLE webchat_visitor (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  queue_id TEXT NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  -- The identity chats are filed under: a random 'chat' id, or the identity the visitor proved ("My history").
  from_kind TEXT NOT NULL,
  from_value TEXT NOT NULL,
  conversation_id INTEGER REFERENCES conversation(id),
  -- Set when the visitor ended the current chat (the agent may still be wrapping it up).
  ended_at INTEGER,
  ip TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX webchat_visitor_conversation ON webchat_visitor(conversation_id) WHERE conversation_id IS NOT NULL;

-- One-time codes for "My history". Only a hash of the code is kept; tries count wrong guesses.
CREATE TABLE webchat_code (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email','phone')),
  value TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  used_at INTEGER
);
CREATE INDEX webchat_code_identity ON webchat_code(kind, value, created_at);

-- A proven identity: the bearer may read that customer's own history until expires_at.
CREATE TABLE webchat_history_session (
  token_hash TEXT PRIMARY KEY,
  -- NULL when the proven address has no history with us yet (the list is then empty).
  customer_id INTEGER REFERENCES customer(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- "My history" lists a customer's conversations including those of records merged into it.
CREATE INDEX IF NOT EXISTS customer_merged_into ON customer(merged_into) WHERE merged_into IS NOT NULL;
`,
};
