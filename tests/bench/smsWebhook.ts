import { randomBytes } from 'node:crypto';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';

/** Twilio's inbound-SMS webhook fields for message `i` of an ingest bench: a new customer each time. */
export function newCustomerSms(i: number): Record<string, string> {
  return {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: DEMO_TWILIO.accountSid,
    From: `+1${String(2_000_000_000 + i).slice(0, 10)}`,
    To: DEMO_TWILIO.supportNumber,
    Body: `Hello, my order ${i} is late.`,
    NumSegments: '1',
  };
}
