import type { CountryCode } from 'libphonenumber-js';
import { tryNormaliseIdentity } from '../../identity/normalise';
import type { TwilioNumber } from './config';

/** Our numbers by E.164. */
export class NumberBook {
  private readonly byNumber: ReadonlyMap<string, TwilioNumber>;

  constructor(numbers: readonly TwilioNumber[]) {
    this.byNumber = new Map(numbers.map((n) => [n.number, n]));
  }

  get(number: string): TwilioNumber | undefined {
    return this.byNumber.get(number);
  }

  all(): TwilioNumber[] {
    return [...this.byNumber.values()];
  }

  /** The number to send from / call from for a queue: the first mapped to it for that channel, else the first. */
  forQueue(queueId: string, channel: 'sms' | 'voice'): TwilioNumber | undefined {
    const enabled = this.all().filter((n) => n[channel]);
    return enabled.find((n) => n.queueId === queueId) ?? enabled[0];
  }
}

/** E.164 or undefined (anonymous callers arrive as "+266696687", "Anonymous" or empty). */
export function toE164(value: string | undefined, region: string): string | undefined {
  return value ? tryNormaliseIdentity('phone', value, region as CountryCode) : undefined;
}

/** SMS and voice threads: one per (customer number, our number). */
export function threadKey(channel: 'sms' | 'voice', customer: string, ours: string): string {
  return `${channel}:${customer}:${ours}`;
}
