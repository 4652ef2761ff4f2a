import { describe, expect, it } from 'vitest';
import { changedPaths, keepSecrets, redact } from '../../../services/settings/secrets';

const email = {
  mailboxes: [
    { id: 'support', host: 'imap.example.com', user: 'support@example.com', password: 'pw-support' },
    { id: 'sales', host: 'imap.example.com', user: 'sales@example.com', password: 'pw-sales' },
  ],
  smtp: { host: 'smtp.example.com', user: 'relay', password: 'pw-relay' },
};

describe('settings secrets', () => {
  it('redacts every secret to { set } and leaves the rest', () => {
    const out = redact('email', email);
    expect(out).toEqual({
      mailboxes: [
        { id: 'support', host: 'imap.example.com', user: 'support@example.com', password: { set: true } },
        { id: 'sales', host: 'imap.example.com', user: 'sales@example.com', password: { set: true } },
      ],
      smtp: { host: 'smtp.example.com', user: 'relay', password: { set: true } },
    });
    expect(JSON.stringify(out)).not.toMatch(/pw-/);
    expect(redact('email', { mailboxes: [], smtp: { host: 'h' } })).toEqual({
      mailboxes: [],
      smtp: { host: 'h', password: { set: false } },
    });
    expect(redact('webchat', { queueId: 'support' })).toEqual({ queueId: 'support' });
    expect(redact('webchat', { smtp: { host: 'h', auth: { user: 'u', pass: 'p' } } })).toEqual({
      smtp: { host: 'h', auth: { user: 'u', pass: { set: true } } },
    });
    expect(redact('twilio', { authToken: 'tok', accountSid: 'AC1' })).toEqual({
      authToken: { set: true },
      accountSid: 'AC1',
      apiSecret: { set: false },
    });
  });

  it('keeps stored secrets left blank, matching mailboxes by id even when reordered', () => {
    const incoming = {
      mailboxes: [
        { id: 'sales', host: 'new.example.com', password: '' },
        { id: 'support', host: 'imap.example.com', password: { set: true } },
        { id: 'new', host: 'imap.example.com', password: '' },
      ],
      smtp: { host: 'smtp.example.com', user: 'relay' },
    };
    const kept = keepSecrets('email', incoming, email);
    expect(kept.mailboxes).toEqual([
      { id: 'sales', host: 'new.example.com', password: 'pw-sales' },
      { id: 'support', host: 'imap.example.com', password: 'pw-support' },
      // Nothing stored for a new mailbox: absent, so the schema says it is required.
      { id: 'new', host: 'imap.example.com' },
    ]);
    expect(kept.smtp).toEqual({ host: 'smtp.example.com', user: 'relay', password: 'pw-relay' });
    expect(keepSecrets('email', { smtp: { password: 'typed' } }, email).smtp).toEqual({ password: 'typed' });
  });

  it('lists changed key paths, never values', () => {
    const after = structuredClone(email);
    after.mailboxes[1]!.password = 'pw-new';
    after.smtp.host = 'relay.example.com';
    const paths = changedPaths(email, after);
    expect(paths).toEqual(['mailboxes.1.password', 'smtp.host']);
    expect(changedPaths(undefined, { queueId: 'support', title: 'x' })).toEqual(['queueId', 'title']);
    expect(changedPaths(email, email)).toEqual([]);
  });
});
