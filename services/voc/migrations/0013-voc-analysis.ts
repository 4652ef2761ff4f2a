import type { Migration } from '../../store/migration';

/**
 * Voice of the customer, part 1: what the analyser found in each inbound customer message, and how far it
 * has read. The job reads messages above `watermark` (committed rows only: it reads through the reader
 * connection), so a restart resumes where the last committed batch ended.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'voc-analysis',
  sql: `
CREATE TABLE voc_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  watermark INTEGER NOT NULL DEFAULT 0,
  -- A re-analysis in progress: messages up to reanalyse_to are read again from reanalyse_from.
  reanalyse_from INTEGER,
  reanalyse_to INTEGER,
  reanalyse_started_at INTEGER,
  updated_at INTEGER
);
INSERT INTO voc_state (id, watermark) VALUES (1, 0);

CREATE TABLE voc_message (
  message_id INTEGER PRIMARY KEY REFERENCES message(id),
  conversation_id INTEGER NOT NULL,
  queue_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  at INTEGER NOT NULL,
  language TEXT NOT NULL,
  sentiment REAL,
  phrases TEXT NOT NULL DEFAULT '[]',
  truncated INTEGER NOT NULL DEFAULT 0
);
-- A customer's messages are found through their conversations (conversation_customer), then here.
CREATE INDEX voc_message_conversation ON voc_message(conversation_id, message_id);
`,
};
