import type { Migration } from '../../../store/migration';

/**
 * Email channel: IMAP sync position per mailbox, Message-ID -> conversation map for threading,
 * the durable SMTP outbox, and inbound mail we refused (with the reason).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'email',
  sql: `
CREATE TABLE email_mailbox_state (
  mailbox_id TEXT PRIMARY KEY,
  uid_validity TEXT NOT NULL,
  last_uid INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Every Message-ID we saw or sent, with its conversation: In-Reply-To/References lookups.
CREATE TABLE email_thread_ref (
  message_id TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversation(id),
  message_row_id INTEGER REFERENCES message(id),
  direction TEXT NOT NULL CHECK (direction IN ('in','out')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, conversation_id)
);

CREATE TABLE email_outbox (
  id INTEGER PRIMARY KEY,
  message_row_id INTEGER NOT NULL UNIQUE REFERENCES message(id),
  conversation_id INTEGER NOT NULL REFERENCES conversation(id),
  mailbox_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reply','replyAll','forward')),
  state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','failed')),
  message_id TEXT NOT NULL UNIQUE,
  envelope TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER
);
-- Hot: the worker's due scan and the restart scan only look at unfinished rows.
CREATE INDEX email_outbox_due ON email_outbox(next_attempt_at) WHERE state IN ('queued','sending');
CREATE INDEX email_outbox_state ON email_outbox(state);

CREATE TABLE email_rejected (
  id INTEGER PRIMARY KEY,
  mailbox_id TEXT NOT NULL,
  uid_validity TEXT NOT NULL,
  uid INTEGER NOT NULL,
  message_id TEXT,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  UNIQUE (mailbox_id, uid_validity, uid)
);

-- Recovery after a crash between message/send's commit and the outbox insert: queued outbound messages.
CREATE INDEX message_out_queued ON message(id) WHERE status = 'queued' AND direction = 'out';
`,
};
