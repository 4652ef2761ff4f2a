import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { twilioHubs } from '../support/twilioHub';
import { ACCOUNT_SID, SUPPORT_NUMBER, parseTwiml, postWebhook, sid } from '../support/twilioFake';
import { until } from '../support/until';
import { defaultAckSettings } from '../../services/contracts';
import { VisitorClient } from '../support/visitorClient';
import { codeIn, startCaptureSmtp } from '../support/webchatSmtp';

// A queue's language (admin/queueUpsert `language`: 'en' | 'es') is what its customers hear and read from
// the hub: stored on the queue, kept when a form leaves it out, and used by voice prompts and chat lines.
const startTwilioHub = twilioHubs();
let t: TestHub | undefined;
const visitors: VisitorClient[] = [];
afterEach(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  t = undefined;
});

describe('queue language', () => {
  it('is set by an admin, validated, stored, kept when left out, and words the chat lines', async () => {
    t = await startTestHub({ webchat: { abandonAfterDisconnectMs: 60_000 } });
    await seed(t, [{ username: 'ann' }]);
    const admin = await t.admin();
    expect(t.hub.center.queue('support')?.language).toBe('en');

    const refused = await admin.command('admin/queueUpsert', { ...supportQueue, mode: 'update', language: 'fr' as 'es' });
    expect(refused.ok).toBe(false);
    const saved = await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update', language: 'es' });
    expect(saved.language).toBe('es');
    // A form that does not send the field (an older desk) does not reset it.
    const renamed = await admin.ok('admin/queueUpsert', { ...supportQueue, name: 'Soporte', mode: 'update' });
    expect(renamed.language).toBe('es');
    expect(await t.hub.store.get(sql`SELECT language FROM queue WHERE id = 'support'`)).toEqual({ language: 'es' });
    const listed = await admin.ok('queue/list', {});
    expect(listed.find((q) => q.queue.id === 'support')?.queue.language).toBe('es');

    // Acknowledgements not saved yet: the form starts from wording in the queue's language.
    const ack = await admin.ok('admin/queueAckGet', { queueId: 'support' });
    expect(ack).toMatchObject({ saved: false, settings: { sms: { enabled: false } } });
    expect(ack.settings.sms.open).toBe(
      'Gracias, hemos recibido tu mensaje ({{reference}}). {{queue.name}} te responderá {{expectedReply}}.',
    );

    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const visitor = await VisitorClient.connect(t.hub.url);
    visitors.push(visitor);
    const session = await visitor.ok('chat/start', { queueId: 'support', name: 'Pat' });
    await visitor.ok('message/send', { clientId: 'v-00000001', text: 'hola' });
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await visitor.ok('chat/end', {});
    const resumed = await visitor.ok('session/resume', { token: session.token });
    expect(resumed.messages.filter((m) => m.from === 'system').map((m) => m.text)).toEqual(['Has terminado el chat.']);
  });

  it('callers of a Spanish queue hear Spanish prompts', async () => {
    const { t: hub } = await startTwilioHub([{ username: 'ann' }]);
    const admin = await hub.admin();
    await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update', language: 'es' });
    // Nobody signed in: the caller is offered voicemail, in Spanish.
    const res = await postWebhook(hub.hub.url, '/twilio/voice/incoming', {
      CallSid: sid('CA'),
      AccountSid: ACCOUNT_SID,
      From: '+15557654321',
      To: SUPPORT_NUMBER,
      CallStatus: 'ringing',
      Direction: 'inbound',
    });
    const say = parseTwiml(res.text).children.find((c) => c.name === 'Say');
    expect(say?.attrs.language).toBe('es-ES');
    expect(say?.text).toBe(
      'Lo sentimos, ahora mismo nadie puede atender su llamada. Deje un mensaje después de la señal y le devolveremos la llamada.',
    );
  });

  it('the one-time code of My history is written in the language the widget asks for', async () => {
    const smtp = await startCaptureSmtp();
    try {
      t = await startTestHub({ webchat: { smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'Soporte <s@shop.test>' } } });
      await seed(t, []);
      const visitor = await VisitorClient.connect(t.hub.url);
      visitors.push(visitor);
      await visitor.ok('history/requestCode', { kind: 'email', value: 'lucia@example.com', language: 'es' });
      const mail = await smtp.waitFor((m) => m.to.includes('lucia@example.com'));
      expect(mail.subject).toBe('Tu código de verificación');
      expect(mail.text.trim()).toBe(
        `Tu código de verificación es ${codeIn(mail.text)}. Caduca en 10 minutos. Si no lo has pedido, ignora este mensaje.`,
      );
      await visitor.ok('history/requestCode', { kind: 'email', value: 'sam@example.com' });
      const english = await smtp.waitFor((m) => m.to.includes('sam@example.com'));
      expect(english.text.trim()).toBe(
        `Your verification code is ${codeIn(english.text)}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
      );
    } finally {
      await t?.stop();
      t = undefined;
      await smtp.stop();
    }
  });

  it('an SMS to a Spanish queue is acknowledged in Spanish, even when the English built-in wording was saved', async () => {
    const { t: hub, fake } = await startTwilioHub([{ username: 'ann' }]);
    const admin = await hub.admin();
    await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update', language: 'es' });
    // Saved before the queue became Spanish: the untouched English default, switched on.
    await admin.ok('admin/queueAckSet', {
      queueId: 'support',
      settings: { ...defaultAckSettings, sms: { ...defaultAckSettings.sms, enabled: true } },
    });
    const inbound = {
      MessageSid: sid('SM'),
      AccountSid: ACCOUNT_SID,
      From: '+15557654321',
      To: SUPPORT_NUMBER,
      Body: '¿Dónde está mi pedido?',
      NumMedia: '0',
    };
    expect((await postWebhook(hub.hub.url, '/twilio/sms/inbound', inbound)).status).toBe(200);
    const [create] = await until(() => {
      const sent = fake.find('POST', /\/Messages\.json$/);
      return sent.length === 1 ? sent : undefined;
    });
    // supportQueue: always open, 60 s target.
    expect(create!.form.Body).toMatch(/^Gracias, hemos recibido tu mensaje \(SB-\d+\)\. Support te responderá en menos de 1 minuto\.$/);
  });
});
