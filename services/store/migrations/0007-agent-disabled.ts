import type { Migration } from '../migration';

/** Disabled agents: kept (their history points at them) but unable to sign in or keep a live session. */
export const migration0007: Migration = {
  version: 7,
  name: 'agent-disabled',
  sql: `
ALTER TABLE agent ADD COLUMN disabled_at INTEGER;
`,
};
