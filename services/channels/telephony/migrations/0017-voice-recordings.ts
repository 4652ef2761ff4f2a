import type { Migration } from '../../../store/migration';

/**
 * Call recordings and voicemails by Twilio recording SID: what the desk plays through the hub's recording
 * route. The media stays at Twilio; the hub keeps the reference and fetches it with its own credentials.
 * Recordings already noted on call legs (0004) are carried over.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'voice-recordings',
  sql: `
CREATE TABLE voice_recording (
  recording_sid TEXT PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversation(id),
  call_sid TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('call','voicemail')),
  duration_s INTEGER,
  created_at INTEGER NOT NULL
);
-- Hot: the recordings of one conversation (the 360's play buttons).
CREATE INDEX voice_recording_conversation ON voice_recording(conversation_id, created_at);
INSERT OR IGNORE INTO voice_recording (recording_sid, conversation_id, call_sid, kind, duration_s, created_at)
  SELECT recording_sid, conversation_id, call_sid, CASE role WHEN 'voicemail' THEN 'voicemail' ELSE 'call' END, duration_s, updated_at
  FROM twilio_call WHERE recording_sid IS NOT NULL AND conversation_id IS NOT NULL;
`,
};
