import type { Migration } from '../migration';

/** The language a queue speaks to customers (voice prompts, acknowledgements, chat lines): 'en' or 'es'. */
export const migration0023: Migration = {
  version: 23,
  name: 'queue-language',
  sql: `
ALTER TABLE queue ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));
`,
};
