import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_KEY_PATTERN, offReasons } from '../../services/contracts';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { twilioConfig } from '../support/twilioFake';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('channels/available', () => {
  it('a chat-only hub: chat on; calls, SMS and email off, each saying why in words', async () => {
    t = await startTestHub({ webchat: {} });
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    const { channels } = await ann.ok('channels/available', {});
    expect(channels).toEqual([
      { kind: 'voice', on: false, why: offReasons.phoneAbsent },
      { kind: 'sms', on: false, why: offReasons.phoneAbsent },
      { kind: 'email', on: false, why: offReasons.emailAbsent },
      { kind: 'chat', on: true, why: null },
    ]);
    for (const c of channels) expect(c.why ?? '').not.toMatch(CONFIG_KEY_PATTERN);
    ann.close();
  });

  it('with Twilio: calls and SMS on', async () => {
    t = await startTestHub({ twilio: twilioConfig('http://127.0.0.1:9') });
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    const { channels } = await ann.ok('channels/available', {});
    expect(channels.filter((c) => c.on).map((c) => c.kind)).toEqual(expect.arrayContaining(['voice', 'sms']));
    expect(channels.find((c) => c.kind === 'email')).toMatchObject({ on: false });
    ann.close();
  });
});
