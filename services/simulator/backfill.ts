import type { ChannelKind } from '../contracts';
import type { ContactCenter } from '../hub/contactCenter';
import type { InboundEvent } from '../ingest/inbound';
import { threadKey } from '../channels/telephony/numbers';
import type { SimClock } from './clock';
import { fill, topics, type Person, type Random } from './people';
import { DEMO_MAILBOX } from './emailFeed';
import { DEMO_TWILIO } from './twilioStandIn';

export type BackfillOptions = Readonly<{
  center: ContactCenter;
  clock: SimClock;
  people: readonly Person[];
  random: Random;
  /** How far back history reaches. */
  months: number;
  /** Past contacts per customer: 0..max. */
  maxContactsPerCustomer: number;
  /** A supervisor or admin: closes the past work (nobody holds it). */
  closerId: number;
  dispositions: readonly string[];
}>;

const channels: readonly ChannelKind[] = ['voice', 'sms', 'email', 'chat'];

/**
 * Months of history for the simulated customers, through the real ingest path (center.ingest: customer
 * resolution, threading, commit, events) with the hub's clock moved to each contact's time, then closed
 * through center.close with a disposition. The Customer 360 timeline and the historical metrics see it as
 * if it had happened. Runs before agents sign in, so nothing is offered. Returns the count, and a few
 * addresses and numbers that have history (what a visitor can prove in the widget's "My history").
 */
export async function backfillHistory(o: BackfillOptions): Promise<Readonly<{ count: number; withHistory: readonly string[] }>> {
  const now = Date.now();
  const span = o.months * 30 * 24 * 3600_000;
  const contacts: Array<{ at: number; who: Person; channel: ChannelKind }> = [];
  for (const who of o.people) {
    const count = o.random.int(o.maxContactsPerCustomer + 1);
    for (let i = 0; i < count; i += 1) {
      // Office hours-ish: a random day, then 8:00-18:00 UTC.
      const day = now - span + o.random.int(Math.max(1, Math.floor(span / 86_400_000) - 1)) * 86_400_000;
      const at = Math.floor(day / 86_400_000) * 86_400_000 + (8 + o.random.int(10)) * 3600_000 + o.random.int(3600_000);
      contacts.push({ at, who, channel: o.random.pick(channels) });
    }
  }
  contacts.sort((a, b) => a.at - b.at);
  // Email and chat history is filed under the address, SMS and calls under the number (separate customers).
  const byAddress = (c: (typeof contacts)[number]): boolean => c.channel === 'email' || c.channel === 'chat';
  const withHistory = [
    ...[...new Set(contacts.filter(byAddress).map((c) => c.who.email))].slice(-2),
    ...[...new Set(contacts.filter((c) => !byAddress(c)).map((c) => c.who.phone))].slice(-2),
  ];
  let seq = 0;
  try {
    for (const c of contacts) {
      seq += 1;
      o.clock.travelTo(c.at);
      const topic = o.random.pick(topics);
      const result = await o.center.ingest({
        ...pastEvent(c.channel, c.who, fill(topic.first, o.random), topic.subject, seq),
        receivedAt: c.at,
      });
      if (result.outcome !== 'created' && result.outcome !== 'reopened') continue;
      o.clock.travelTo(c.at + (2 + o.random.int(25)) * 60_000);
      await o.center.close(o.closerId, result.conversation.id, o.random.pick(o.dispositions), undefined);
    }
  } finally {
    o.clock.backToPresent();
  }
  return { count: contacts.length, withHistory };
}

function pastEvent(channel: ChannelKind, who: Person, text: string, subject: string, seq: number): InboundEvent {
  const providerId = `sim-history-${process.pid}-${seq}`;
  switch (channel) {
    case 'voice':
      return {
        channel,
        providerId,
        from: { kind: 'phone', value: who.phone, displayName: who.name },
        queueId: 'support',
        bodyText: `Call from ${who.phone} to ${DEMO_TWILIO.supportNumber}`,
        meta: { kind: 'call', simulated: true, from: who.phone, to: DEMO_TWILIO.supportNumber },
      };
    case 'sms':
      return {
        channel,
        providerId,
        from: { kind: 'phone', value: who.phone },
        queueId: 'support',
        threadKey: threadKey('sms', who.phone, DEMO_TWILIO.supportNumber),
        bodyText: text,
        meta: { from: who.phone, to: DEMO_TWILIO.supportNumber, simulated: true },
      };
    case 'email':
      return {
        channel,
        providerId: `email:sim:<${providerId}@example.com>`,
        from: { kind: 'email', value: who.email, displayName: who.name },
        queueId: 'support',
        subject,
        bodyText: text,
        meta: { simulated: true, to: DEMO_MAILBOX },
      };
    case 'chat':
      return {
        channel,
        providerId,
        from: { kind: 'email', value: who.email, displayName: who.name },
        queueId: 'sales',
        bodyText: text,
        meta: { simulated: true },
      };
  }
}
