import type { Migration } from '../migration';

/**
 * Business hours and the sticky window live on the queue (JSON / hours; NULL = always open / the hub's
 * default). `legacy_import` remembers that a config file's old per-channel hours were moved onto the
 * queues, so an admin who later clears a queue's hours is not overruled by the file on the next start.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'queue-hours',
  sql: `
ALTER TABLE queue ADD COLUMN hours TEXT;
ALTER TABLE queue ADD COLUMN sticky_window_hours REAL;
CREATE TABLE legacy_import (
  key TEXT PRIMARY KEY,
  done_at INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
`,
};
