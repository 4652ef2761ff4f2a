import type { Migration } from '../../store/migration';

/**
 * The open platform: API keys (hashed), webhook subscriptions and their deliveries, the watermark the
 * webhook feed reads the event log from, retention policies and their runs, and erasure records.
 */
export const migration0015: Migration = {
  version: 15,
  name: 'platform',
  sql: `
CREATE TABLE api_key (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  -- sha-256 of the whole key: keys are 32 random bytes, so a slow hash adds nothing.
  secret_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  rate_per_minute INTEGER NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  created_by_agent_id INTEGER REFERENCES agent(id),
  revoked_at INTEGER,
  last_used_at INTEGER
);

CREATE TABLE webhook_subscription (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT,
  -- Kept to sign deliveries (HMAC needs the secret itself); shown to the admin once.
  secret TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  created_by_agent_id INTEGER REFERENCES agent(id),
  deleted_at INTEGER
);

-- One row per (subscription, event): the event's id is the receiver's dedupe key, so one row is enough.
CREATE TABLE webhook_delivery (
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES webhook_subscription(id),
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','delivered','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  delivered_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery(subscription_id, id);

-- How far the webhook feed has read each source (event.seq, customer_merge.id). Moved in the same
-- transaction that inserts the deliveries it read, so a crash re-reads exactly what was not queued.
CREATE TABLE platform_watermark (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO platform_watermark (name, value) SELECT 'event', COALESCE(MAX(seq), 0) FROM event;
INSERT INTO platform_watermark (name, value) SELECT 'merge', COALESCE(MAX(id), 0) FROM customer_merge;

CREATE TABLE retention_policy (
  channel TEXT PRIMARY KEY CHECK (channel IN ('voice','sms','email','chat')),
  days INTEGER NOT NULL CHECK (days >= 1),
  updated_at INTEGER NOT NULL
);

CREATE TABLE retention_run (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  days INTEGER NOT NULL,
  conversations INTEGER NOT NULL,
  messages INTEGER NOT NULL
);

-- Counts only: an erasure leaves no personal data behind, not even here.
CREATE TABLE customer_erasure (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  by_agent_id INTEGER REFERENCES agent(id),
  by_api_key_id INTEGER REFERENCES api_key(id),
  reason TEXT NOT NULL,
  report TEXT NOT NULL
);
`,
};
