import { describe, expect, it } from 'vitest';
import { MailboxConfig } from '../../../services/channels/email/config';
import { MailboxStatusRecord } from '../../../services/channels/email/mailboxStatus';

const mailbox = MailboxConfig.parse({
  id: 'support',
  host: '127.0.0.1',
  port: 143,
  user: 'u',
  password: 'p',
  address: 'support@example.com',
  queueId: 'support',
});

// The status rules the IMAP watcher and the demo mailbox share (what the admin console shows for a mailbox).
describe('mailbox status record', () => {
  it('starts stopped, with the epoch it is given', () => {
    const record = new MailboxStatusRecord(mailbox, () => 1000, 'demo-1');
    expect(record.snapshot()).toEqual({
      id: 'support',
      address: 'support@example.com',
      queueId: 'support',
      state: 'stopped',
      detail: 'not started',
      since: 1000,
      lastSyncAt: null,
      uidValidity: 'demo-1',
      lastUid: null,
      nextRetryAt: null,
    });
    expect(new MailboxStatusRecord(mailbox, () => 1000).snapshot().uidValidity).toBeNull();
  });

  it('"since" moves only when the state changes; connecting clears the pending retry', () => {
    let now = 1000;
    const record = new MailboxStatusRecord(mailbox, () => now);
    now = 2000;
    record.enter('error', 'ECONNREFUSED: connect');
    record.retryAt(7000);
    now = 3000;
    record.enter('error', 'ECONNREFUSED: again');
    expect(record.snapshot()).toMatchObject({ state: 'error', detail: 'ECONNREFUSED: again', since: 2000, nextRetryAt: 7000 });
    now = 4000;
    record.enter('connecting', 'connecting to 127.0.0.1:143');
    expect(record.snapshot()).toMatchObject({ state: 'connecting', since: 4000, nextRetryAt: 7000 });
    record.enter('connected', 'connected');
    expect(record.snapshot()).toMatchObject({ state: 'connected', since: 4000, nextRetryAt: null });
  });

  it('records the folder epoch and each sync; snapshots do not change afterwards', () => {
    let now = 1000;
    const record = new MailboxStatusRecord(mailbox, () => now);
    record.opened('42');
    const before = record.snapshot();
    now = 5000;
    record.synced('42', 17);
    expect(before).toMatchObject({ uidValidity: '42', lastSyncAt: null, lastUid: null });
    expect(record.snapshot()).toMatchObject({ uidValidity: '42', lastSyncAt: 5000, lastUid: 17 });
  });
});
