import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { TwilioConfig } from './config';

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * Sends every REST request to `base` instead of https://<domain>.twilio.com, keeping path and query.
 * Uses the client's own httpClient option: no module internals are patched.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(base: string) {
    super({ timeout: 10_000 });
    this.base = new URL(base);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const original = new URL(opts.uri);
    const target = new URL(this.base.href);
    target.pathname = `${this.base.pathname.replace(/\/+$/, '')}${original.pathname}`;
    target.search = original.search;
    // The recording server (and a proxy) may want to know which Twilio domain was meant.
    return super.request<TData>({ ...opts, uri: target.href, headers: { ...opts.headers, 'X-Twilio-Domain': original.host } });
  }
}

/** The REST client for this account: API key + secret when configured, else the auth token. */
export function createTwilioClient(config: TwilioConfig): TwilioClient {
  const httpClient = config.restBaseUrl ? new RedirectingRequestClient(config.restBaseUrl) : undefined;
  const options = { accountSid: config.accountSid, httpClient, autoRetry: true, maxRetries: 3 };
  return config.apiKey && config.apiSecret
    ? twilio(config.apiKey, config.apiSecret, options)
    : twilio(config.accountSid, config.authToken, options);
}
