import type Twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { TwilioConfig } from './config';
import { twilioLib } from './twilioLib';

export type TwilioClient = ReturnType<typeof Twilio>;

/**
 * Sends every REST request to `base` instead of https://<domain>.twilio.com, keeping path and query.
 * Uses the client's own httpClient option: no module internals are patched. A factory, not a top-level
 * class, because its base class is in the twilio package, which loads on first use (twilioLib.ts).
 */
function redirectingRequestClient(base: string): InstanceType<typeof Twilio.RequestClient> {
  class RedirectingRequestClient extends twilioLib().RequestClient {
    private readonly base: URL;

    constructor() {
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
  return new RedirectingRequestClient();
}

/** The REST client for this account: API key + secret when configured, else the auth token. */
export function createTwilioClient(config: TwilioConfig): TwilioClient {
  const httpClient = config.restBaseUrl ? redirectingRequestClient(config.restBaseUrl) : undefined;
  const options = { accountSid: config.accountSid, httpClient, autoRetry: true, maxRetries: 3 };
  return config.apiKey && config.apiSecret
    ? twilioLib()(config.apiKey, config.apiSecret, options)
    : twilioLib()(config.accountSid, config.authToken, options);
}
