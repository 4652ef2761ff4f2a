import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_KEY_PATTERN } from '../../services/contracts';
import { startTestHub, type TestHub } from '../support/testHub';
import { ACCOUNT_SID, SUPPORT_NUMBER, postWebhook, sid, twilioConfig } from '../support/twilioFake';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('telephony without (valid) credentials', () => {
  it('runs the hub with the channels disabled and says why', async () => {
    t = await startTestHub();
    const admin = await t.admin();
    const status = await admin.ok('telephony/status', {});
    expect(status).toMatchObject({ enabled: false, sms: { ok: false, detail: expect.stringMatching(/aren't set up on this hub yet/) } });
    expect(status.sms.detail).not.toMatch(CONFIG_KEY_PATTERN);
    expect(await admin.command('voice/token', {})).toMatchObject({ ok: false, error: { code: 'channel_unavailable' } });
    const hook = await postWebhook(t.hub.url, '/twilio/sms/inbound', {
      MessageSid: sid('SM'),
      AccountSid: ACCOUNT_SID,
      From: '+15557654321',
      To: SUPPORT_NUMBER,
    });
    expect(hook.status).toBe(404);
  });

  it('an invalid section stops the hub with the key path, not a channel silently off', async () => {
    await expect(startTestHub({ twilio: { ...twilioConfig('http://127.0.0.1:9'), authToken: 'short' } })).rejects.toThrow(
      /^twilio\.authToken: /,
    );
    const { publicUrl: _unused, ...withoutUrl } = twilioConfig('http://127.0.0.1:9');
    await expect(startTestHub({ twilio: withoutUrl })).rejects.toThrow(/^twilio\.publicUrl: required/);
  });
});
