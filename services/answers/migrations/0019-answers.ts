import type { Migration } from '../../store/migration';

/** Canned responses: shared (per queue or for all) and personal, searchable by shortcut and title. */
export const migration0019: Migration = {
  version: 19,
  name: 'answers',
  sql: `
CREATE TABLE canned_response (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('shared', 'personal')),
  queue_id TEXT,
  owner_agent_id INTEGER REFERENCES agent(id),
  title TEXT NOT NULL,
  shortcut TEXT NOT NULL,
  body TEXT NOT NULL,
  channels TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES agent(id),
  CHECK ((scope = 'personal') = (owner_agent_id IS NOT NULL))
);
-- One shortcut means one answer for whoever types it: unique among shared ones, and per owner.
CREATE UNIQUE INDEX canned_response_shared_shortcut ON canned_response (shortcut) WHERE scope = 'shared';
CREATE UNIQUE INDEX canned_response_personal_shortcut ON canned_response (owner_agent_id, shortcut) WHERE scope = 'personal';
`,
};
