import type { Migration } from '../../store/migration';

/**
 * Automatic acknowledgements. `queue_acknowledgement` holds a queue's settings (JSON, see contracts
 * AckSettings; no row = off). `acknowledgement` records what was decided for each inbound message that
 * could get one (sent, or skipped and why), keyed by the message so it is decided once. `ack_watermark` is
 * the last inbound message id each channel has decided on: the decision, its outbound message and the
 * watermark commit together, so a restart resumes exactly where the last commit stopped. It starts at the
 * newest message so turning the feature on never answers old mail.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'acknowledgements',
  sql: `
CREATE TABLE queue_acknowledgement (
  queue_id TEXT PRIMARY KEY REFERENCES queue(id),
  settings TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES agent(id)
);
CREATE TABLE ack_watermark (
  channel TEXT PRIMARY KEY CHECK (channel IN ('sms', 'email')),
  last_message_id INTEGER NOT NULL
);
INSERT INTO ack_watermark (channel, last_message_id) SELECT 'sms', COALESCE(MAX(id), 0) FROM message;
INSERT INTO ack_watermark (channel, last_message_id) SELECT 'email', COALESCE(MAX(id), 0) FROM message;
CREATE TABLE acknowledgement (
  inbound_message_id INTEGER PRIMARY KEY REFERENCES message(id),
  conversation_id INTEGER NOT NULL REFERENCES conversation(id),
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  address TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  reason TEXT,
  out_message_id INTEGER REFERENCES message(id),
  decided_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The rate limit: acknowledgements sent to one address lately.
CREATE INDEX acknowledgement_address ON acknowledgement (channel, address, decided_at) WHERE out_message_id IS NOT NULL;
CREATE INDEX acknowledgement_pending ON acknowledgement (channel, state) WHERE state IN ('queued', 'sending');
`,
};
