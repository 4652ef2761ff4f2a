import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTwilioConfig } from '../../../services/channels/telephony/config';
import { isOpen } from '../../../services/contracts';
import { fromTwilioHours } from '../../../services/server/legacyHours';
import { optKeyword } from '../../../services/channels/telephony/sms/keywords';
import { Store } from '../../../services/store/store';
import { sql } from '../../../services/store/sql';
import { twilioConfig } from '../../support/twilioFake';
import { allMigrations } from '../../../services/server/migrations';

describe('config.twilio', () => {
  it('absent or invalid disables the channels with a reason instead of throwing', () => {
    expect(parseTwilioConfig(undefined, undefined)).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/aren't set up on this hub yet/),
      logDetail: expect.stringMatching(/not set/),
    });
    const bad = parseTwilioConfig({ ...twilioConfig('http://127.0.0.1:1'), accountSid: 'nope' }, undefined);
    expect(bad).toMatchObject({ enabled: false, logDetail: expect.stringMatching(/accountSid: AC followed by 32 hex digits/) });
    const lonelyKey = { ...twilioConfig('http://127.0.0.1:1') };
    delete lonelyKey.apiSecret;
    expect(parseTwilioConfig(lonelyKey, undefined)).toMatchObject({
      enabled: false,
      logDetail: expect.stringMatching(/apiKey and apiSecret go together/),
    });
    const noUrl = { ...twilioConfig('http://127.0.0.1:1') };
    delete noUrl.publicUrl;
    expect(parseTwilioConfig(noUrl, undefined)).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/no public web address/),
      logDetail: expect.stringMatching(/no public URL/),
    });
    expect(parseTwilioConfig(noUrl, 'https://hub.example.org/')).toMatchObject({ enabled: true, publicUrl: 'https://hub.example.org' });
  });
});

describe('deprecated twilio.hours', () => {
  const old = {
    timeZone: 'America/New_York',
    days: { mon: [['09:00', '17:00']] as [string, string][], fri: [['22:00', '02:00']] as [string, string][] },
  };
  it('moves onto the queue model with the same opening times, including ranges that span midnight', () => {
    const hours = fromTwilioHours(old);
    expect(hours.weekly).toEqual({ mon: [{ from: '09:00', to: '17:00' }], fri: [{ from: '22:00', to: '02:00' }] });
    expect(isOpen(hours, Date.parse('2026-01-05T14:00:00Z'))).toBe(true); // Monday 09:00 New York
    expect(isOpen(hours, Date.parse('2026-01-05T13:59:00Z'))).toBe(false);
    expect(isOpen(hours, Date.parse('2026-01-05T22:00:00Z'))).toBe(false); // 17:00 closes
    expect(isOpen(hours, Date.parse('2026-01-10T05:30:00Z'))).toBe(true); // Saturday 00:30, Friday's late range
    expect(isOpen(hours, Date.parse('2026-01-10T08:00:00Z'))).toBe(false);
  });

  it('an open equal to its close was 24 hours, and overlapping pairs merge', () => {
    const hours = fromTwilioHours({
      timeZone: 'UTC',
      days: {
        tue: [['08:00', '08:00']],
        sat: [
          ['09:00', '12:00'],
          ['11:00', '14:00'],
        ],
        sun: [['20:00', '00:00']],
      },
    });
    expect(hours.weekly).toEqual({
      tue: [{ from: '08:00', to: '24:00' }],
      wed: [{ from: '00:00', to: '08:00' }],
      sat: [{ from: '09:00', to: '14:00' }],
      sun: [{ from: '20:00', to: '24:00' }],
    });
  });
});

describe('SMS keywords', () => {
  it('matches STOP/START words on the whole body, and Twilio OptOutType first', () => {
    expect(optKeyword(' Stop. ', undefined)).toEqual({ optedOut: true, keyword: 'STOP' });
    expect(optKeyword('unsubscribe', undefined)).toEqual({ optedOut: true, keyword: 'UNSUBSCRIBE' });
    expect(optKeyword('start', undefined)).toEqual({ optedOut: false, keyword: 'START' });
    expect(optKeyword('please stop calling me', undefined)).toBeUndefined();
    expect(optKeyword('HELP', 'HELP')).toBeUndefined();
    expect(optKeyword('arrêt', 'STOP')).toEqual({ optedOut: true, keyword: 'STOP' });
  });
});

describe('migration 0004 query plans', () => {
  it('hot lookups use an index', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-twilio-'));
    const store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
    try {
      const plan = async (q: ReturnType<typeof sql>) =>
        (await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${q.text}`, values: q.values })).map((r) => r.detail).join(' | ');
      expect(await plan(sql`SELECT * FROM twilio_call WHERE conversation_id = ${1} ORDER BY created_at, call_sid`)).toMatch(
        /USING INDEX twilio_call_conversation/,
      );
      expect(await plan(sql`SELECT * FROM twilio_call WHERE call_sid = ${'CA1'}`)).toMatch(/USING INDEX sqlite_autoindex_twilio_call_1/);
      expect(await plan(sql`SELECT * FROM sms_opt_out WHERE phone = ${'+1'}`)).toMatch(/USING INDEX sqlite_autoindex_sms_opt_out_1/);
      // 0017/0018: a conversation's recordings (the 360's player), a recording by SID (the streaming route),
      // an agent's call leg (every ring); and the customer's last served conversation (every new contact).
      expect(await plan(sql`SELECT * FROM voice_recording WHERE conversation_id = ${1} ORDER BY created_at, recording_sid`)).toMatch(
        /USING INDEX voice_recording_conversation/,
      );
      expect(await plan(sql`SELECT * FROM voice_recording WHERE recording_sid = ${'RE1'}`)).toMatch(
        /USING INDEX sqlite_autoindex_voice_recording_1/,
      );
      expect(await plan(sql`SELECT leg FROM agent_voice_setting WHERE agent_id = ${1}`)).toMatch(/USING INTEGER PRIMARY KEY/);
      expect(
        await plan(sql`SELECT COALESCE(assigned_agent_id, last_agent_id) AS agent_id, closed_at, state FROM conversation
          WHERE customer_id = ${1} AND id != ${2} AND state IN ('active', 'wrap_up', 'closed')
            AND COALESCE(assigned_agent_id, last_agent_id) IS NOT NULL AND (disposition IS NULL OR disposition != 'auto_reply')
          ORDER BY created_at DESC LIMIT 1`),
      ).toMatch(/USING INDEX conversation_customer/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
