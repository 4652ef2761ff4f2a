import type { Migration } from '../migration';

/**
 * Temporary passwords: set when an administrator resets a password (or on the generated first admin
 * password). While it is 1 the hub answers only session/changePassword for that agent.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'agent-must-change-password',
  sql: `
ALTER TABLE agent ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
`,
};
