import type { Migration } from '../../../store/migration';

/**
 * Email outbox handoff record (issue 15 item 10). `handed_at`: when the message bytes were first handed to
 * the relay (state 'sending' is written right before DATA's payload; NULL = the relay never saw this mail, so
 * sending it cannot duplicate). `relay_response`: the relay's answer to the final dot, stored in the same
 * commit that marks the row 'sent', so a restart never resends a mail whose SMTP transaction completed.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'email-outbox-handoff',
  sql: `
ALTER TABLE email_outbox ADD COLUMN handed_at INTEGER;
ALTER TABLE email_outbox ADD COLUMN relay_response TEXT;
`,
};
