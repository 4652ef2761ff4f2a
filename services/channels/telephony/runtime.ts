import type { FastifyBaseLogger } from 'fastify';
import type { ContactCenter } from '../../hub/contactCenter';
import type { Pusher } from '../../hub/push';
import type { MetricsService } from '../../metrics/module';
import type { Store } from '../../store/store';
import type { TwilioClient } from './client';
import type { TwilioConfig } from './config';
import type { NumberBook } from './numbers';

/** What the SMS and voice channels share once config.twilio is valid. */
export type TwilioRuntime = Readonly<{
  config: TwilioConfig;
  /** Base URL Twilio reaches the hub at (no trailing slash); callback URLs are built from it. */
  publicUrl: string;
  client: TwilioClient;
  numbers: NumberBook;
  center: ContactCenter;
  store: Store;
  log: FastifyBaseLogger;
  now: () => number;
  region: string;
  push: Pusher;
  /** The live metrics fold (recent handle times for the expected wait); undefined when metrics is off. */
  metrics(): MetricsService | undefined;
}>;

export const WEBHOOK_PREFIX = '/twilio';

/** A callback URL Twilio will call (and sign) for `path` under the webhook prefix. */
export function callbackUrl(
  rt: Pick<TwilioRuntime, 'publicUrl'>,
  path: string,
  query: Readonly<Record<string, string | number>> = {},
): string {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${rt.publicUrl}${WEBHOOK_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}

/** A Twilio REST failure as something an agent can read (code + message), never the raw exception. */
export function restError(error: unknown): { code: number | null; message: string } {
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : null;
  const message = typeof e.message === 'string' ? e.message.slice(0, 300) : 'Twilio request failed';
  return { code, message };
}
