import type { Migration } from '../../store/migration';

/**
 * Voice of the customer, part 2: topics, the messages behind each, and counts per topic per day, queue and
 * channel (kept as messages are analysed) so the topics board reads a few thousand rows, not every message.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'voc-topics',
  sql: `
CREATE TABLE voc_topic (
  id INTEGER PRIMARY KEY,
  -- Normal form: content lemmas, lower case, numbers masked, sorted ("damage order").
  key TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  -- Set by a supervisor: the label is kept as typed.
  custom_label INTEGER NOT NULL DEFAULT 0,
  -- Merged away: new messages of this key count for the target.
  merged_into INTEGER REFERENCES voc_topic(id),
  hidden INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_spike_at INTEGER,
  updated_by INTEGER REFERENCES agent(id),
  updated_at INTEGER
);

CREATE TABLE voc_message_topic (
  topic_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  at INTEGER NOT NULL,
  queue_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  sentiment REAL,
  PRIMARY KEY (topic_id, message_id)
) WITHOUT ROWID;
CREATE INDEX voc_message_topic_message ON voc_message_topic(message_id);
-- Spikes: the last hour's rows.
CREATE INDEX voc_message_topic_at ON voc_message_topic(at);

CREATE TABLE voc_topic_day (
  day INTEGER NOT NULL,
  queue_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  topic_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  sentiment_sum REAL NOT NULL DEFAULT 0,
  sentiment_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, queue_id, channel, topic_id)
) WITHOUT ROWID;
CREATE INDEX voc_topic_day_topic ON voc_topic_day(topic_id, day);
-- One queue's or one channel's board: seek to it, then the day range, without touching other rows.
CREATE INDEX voc_topic_day_queue ON voc_topic_day(queue_id, day, topic_id, n, sentiment_sum, sentiment_n);
CREATE INDEX voc_topic_day_channel ON voc_topic_day(channel, day, topic_id, n, sentiment_sum, sentiment_n);

-- The same counts over all queues and channels: the board's default view reads ~20 times fewer rows.
CREATE TABLE voc_topic_total_day (
  day INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  sentiment_sum REAL NOT NULL DEFAULT 0,
  sentiment_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, topic_id)
) WITHOUT ROWID;
CREATE INDEX voc_topic_total_day_topic ON voc_topic_total_day(topic_id, day);
`,
};
