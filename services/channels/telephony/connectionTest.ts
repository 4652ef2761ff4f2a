import type { ConnectionCheck } from '../../contracts';
import { TEST_TIMEOUT_MS, unreachable } from '../email/connectionTest';
import { createTwilioClient } from './client';
import type { TwilioConfig } from './config';
import { WEBHOOK_PREFIX } from './runtime';

type RestError = Error & { status?: number; code?: number | string };

/**
 * Twilio, checked as the channel uses it: the account fetched through the REST client (the credentials
 * the channel signs calls with), each number's queue, and the public URL Twilio posts webhooks to.
 */
export async function testTwilio(
  config: TwilioConfig,
  publicUrl: string | undefined,
  queueName: (queueId: string) => string | undefined,
): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [await accountCheck(config)];
  for (const n of config.numbers) {
    const name = queueName(n.queueId);
    const what = n.sms && n.voice ? 'SMS and calls' : n.sms ? 'SMS' : n.voice ? 'Calls' : 'Nothing (SMS and calls are both off)';
    checks.push(
      name
        ? { label: `Number ${n.number}`, ok: true, detail: `${what} go to the queue "${name}"` }
        : { label: `Number ${n.number}`, ok: false, detail: `The queue "${n.queueId}" does not exist; create it or pick another` },
    );
  }
  checks.push(
    publicUrl
      ? {
          label: 'Public address',
          ok: true,
          detail: `Point each number's webhooks at ${publicUrl}${WEBHOOK_PREFIX}/sms/inbound and ${publicUrl}${WEBHOOK_PREFIX}/voice/incoming`,
        }
      : {
          label: 'Public address',
          ok: false,
          detail: 'This hub has no public address, so Twilio cannot reach it; set one here or start the hub with --public-url',
        },
  );
  return checks;
}

async function accountCheck(config: TwilioConfig): Promise<ConnectionCheck> {
  const label = `Twilio account ${config.accountSid}`;
  const how = config.apiKey ? 'API key and secret' : 'auth token';
  try {
    const account = await Promise.race([
      createTwilioClient(config).api.v2010.accounts(config.accountSid).fetch(),
      new Promise<never>((_resolve, reject) => {
        setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), TEST_TIMEOUT_MS).unref();
      }),
    ]);
    const active = account.status === 'active';
    return {
      label,
      ok: active,
      detail: active ? `Signed in to "${account.friendlyName}"` : `Signed in, but the account is ${account.status}`,
    };
  } catch (error) {
    const err = error as RestError;
    if (err.status === 401) return { label, ok: false, detail: `Twilio refused the account SID and ${how}` };
    if (err.status === 404) return { label, ok: false, detail: `Twilio has no account ${config.accountSid} for these credentials` };
    const host = config.restBaseUrl ? new URL(config.restBaseUrl) : new URL('https://api.twilio.com');
    const port = Number(host.port || (host.protocol === 'https:' ? 443 : 80));
    return { label, ok: false, detail: unreachable(host.hostname, port, err) ?? `Twilio answered: ${err.message}` };
  }
}
