import type { Message } from '../../../services/contracts';

const OPT_OUT = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|optout|opt out)\s*[.!]?\s*$/i;

/** The customer texted a carrier opt-out keyword: further texts may be blocked or unlawful. */
export function hasOptedOut(messages: readonly Message[]): boolean {
  const lastOptOut = messages.findLastIndex((m) => m.direction === 'in' && OPT_OUT.test(m.bodyText));
  if (lastOptOut < 0) return false;
  const optedBackIn = messages.slice(lastOptOut + 1).some((m) => m.direction === 'in' && /^\s*(start|unstop|yes)\s*$/i.test(m.bodyText));
  return !optedBackIn;
}
