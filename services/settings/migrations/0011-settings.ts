import type { Migration } from '../../store/migration';

/**
 * Channel settings saved in the admin console: one row per config section (`email`, `twilio`, `webchat`),
 * the section's JSON exactly as the config file would hold it (secrets included: the database file is the
 * hub's own, like the config file). A row overrides the file's section.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'settings',
  sql: `
CREATE TABLE setting_section (
  section TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES agent(id)
);
`,
};
