import type { Migration } from '../../../store/migration';

/**
 * How each agent's call leg reaches them: the desk's softphone (default), a phone number or a SIP address
 * (agents without a headset on this computer), and whether the softphone answers by itself.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'agent-voice-settings',
  sql: `
CREATE TABLE agent_voice_setting (
  agent_id INTEGER PRIMARY KEY REFERENCES agent(id),
  leg TEXT NOT NULL CHECK (leg IN ('softphone','phone','sip')),
  address TEXT,
  auto_answer INTEGER NOT NULL DEFAULT 0 CHECK (auto_answer IN (0, 1)),
  updated_at INTEGER NOT NULL,
  CHECK ((leg = 'softphone') = (address IS NULL))
);
`,
};
