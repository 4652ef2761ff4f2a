import type { AckSender } from '../../../acknowledgements/worker';
import { pendingAcks, setAckState } from '../../../acknowledgements/repo';
import { insertMessage } from '../../../store/repos/messages';
import { getMessageById, getOptOut } from '../repo';
import { callbackUrl, restError, type TwilioRuntime } from '../runtime';
import { recordOptOut } from './optOut';
import { advanceStatus, TWILIO_OPTED_OUT } from './status';

/** Customer and our number of an inbound SMS, from what inbound stored. */
function endpointsOf(meta: Readonly<Record<string, unknown>>): { customer: string; ours: string } | undefined {
  const { from, to } = meta;
  return typeof from === 'string' && typeof to === 'string' ? { customer: from, ours: to } : undefined;
}

/**
 * SMS acknowledgements through the same REST path as an agent's SMS (status callbacks included), stored as
 * outbound messages marked `acknowledgement`. Twilio has no idempotency key, so 'sending' is committed before
 * the REST call: a hub that stops inside that call does not send again on restart (at most once: a second
 * "we got your message" is worse than none), and the message says so.
 */
export function smsAckSender(rt: TwilioRuntime): AckSender {
  const sendOne = async (messageId: number): Promise<void> => {
    const message = await getMessageById(rt.store, messageId);
    if (!message) return;
    const { to, from } = message.meta;
    if (typeof to !== 'string' || typeof from !== 'string') return;
    const ends = { customer: to, ours: from };
    await rt.store.write((tx) => setAckState(tx, messageId, 'sending', null, rt.now()));
    // The customer may have texted STOP between the decision and now.
    const optOut = await getOptOut(rt.store, ends.customer);
    if (optOut.optedOut) {
      await rt.store.write((tx) => setAckState(tx, messageId, 'skipped', 'the customer opted out before it was sent', rt.now()));
      await rt.center.setMessageStatus(messageId, 'failed', { errorCode: 'opted_out', error: 'not sent: the customer opted out' });
      return;
    }
    try {
      const sent = await rt.client.messages.create({
        from: ends.ours,
        to: ends.customer,
        body: message.bodyText,
        statusCallback: callbackUrl(rt, '/sms/status', { messageId }),
      });
      await rt.store.write((tx) => setAckState(tx, messageId, 'sent', null, rt.now()));
      await advanceStatus(rt, messageId, sent.status, { sid: sent.sid, to: ends.customer, from: ends.ours });
    } catch (error) {
      const { code, message: text } = restError(error);
      if (code === TWILIO_OPTED_OUT)
        await recordOptOut(rt, { phone: ends.customer, optedOut: true, keyword: 'carrier', ourNumber: ends.ours, messageSid: null });
      await rt.store.write((tx) => setAckState(tx, messageId, 'failed', String(text).slice(0, 500), rt.now()));
      await rt.center.setMessageStatus(messageId, 'failed', { errorCode: code, error: text });
    }
  };

  return {
    channel: 'sms',
    async inspect(tx, c) {
      const meta = c.message.meta;
      if (typeof meta.optKeyword === 'string') return { skip: `keyword ${meta.optKeyword}` };
      if (c.disposition === 'auto_reply') return { skip: 'not a message for an agent' };
      const ends = endpointsOf(meta);
      if (!ends) return { skip: 'no phone numbers on the message' };
      if (rt.numbers.get(ends.customer)) return { skip: 'sent from one of our own numbers' };
      if (!rt.numbers.get(ends.ours)?.sms) return { skip: `${ends.ours} no longer sends SMS` };
      if ((await getOptOut(tx, ends.customer)).optedOut) return { skip: 'the customer opted out (STOP)' };
      return { address: ends.customer };
    },
    async enqueue(tx, c, text, at) {
      const ends = endpointsOf(c.message.meta);
      if (!ends) throw new Error('acknowledgement: no endpoints (inspect should have skipped it)');
      // No authoring agent and no firstResponseAt: an acknowledgement is not an answer, the SLA clock runs on.
      const m = await insertMessage(tx, {
        conversationId: c.conversationId,
        direction: 'out',
        authorAgentId: null,
        bodyText: text,
        status: 'queued',
        meta: { acknowledgement: true, from: ends.ours, to: ends.customer },
        at,
      });
      return m.id;
    },
    async deliver(ids) {
      for (const id of ids) {
        await rt.center.setMessageStatus(id, 'queued');
        await sendOne(id);
      }
    },
    async recover() {
      for (const p of await pendingAcks(rt.store, 'sms')) {
        if (p.state === 'queued') {
          await sendOne(p.outMessageId);
          continue;
        }
        const reason = 'the hub stopped while handing it to Twilio; not sent again so the customer never gets it twice';
        await rt.store.write((tx) => setAckState(tx, p.outMessageId, 'failed', reason, rt.now()));
        await rt.center.setMessageStatus(p.outMessageId, 'failed', { error: `may not have been sent: ${reason}` });
      }
    },
  };
}
