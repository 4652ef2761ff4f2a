import type { Migration } from '../migrate';

/** Disabled agents: kept (their history points at them) but unable to sign in or keep a live session. */
export const migration0006: Migration = {
  version: 6,
  name: 'agent-disabled',
  sql: `
ALTER TABLE agent ADD COLUMN disabled_at INTEGER;
`,
};
