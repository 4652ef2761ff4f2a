import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookClient } from './webhookClient';

/** Demo credentials: shaped like Twilio's, valid nowhere. The hub checks webhook signatures against them. */
export const DEMO_TWILIO = {
  accountSid: `AC${'5e'.repeat(16)}`,
  authToken: 'demo-auth-token-0123456789abcdef',
  apiKey: `SK${'6f'.repeat(16)}`,
  apiSecret: 'demo-api-secret-0123456789abcdef',
  twimlAppSid: `AP${'7a'.repeat(16)}`,
  /** What the hub believes Twilio reaches it at; the simulator signs over this URL. */
  publicUrl: 'https://demo-hub.example.com',
  supportNumber: '+15550001111',
  salesNumber: '+15550002222',
} as const;

/** An SMS the hub sent through the stand-in. */
export type SentSms = Readonly<{ to: string; from: string; body: string }>;

export const twilioSid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Twilio's REST API stood in on loopback for the demo and benchmarks (there is no network to the real one):
 * answers the calls the hub makes — send SMS, start/update calls, conference participants — with the
 * shapes the twilio client expects. The hub reaches it through config.twilio.restBaseUrl, which the
 * client's own httpClient option honours. Counts what it was asked, keeps nothing else.
 */
export class TwilioStandIn {
  requests = 0;
  private callbacks: WebhookClient | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly onSms: ((sms: SentSms) => void) | undefined,
  ) {}

  /** `onSms` sees every SMS the hub asked Twilio to send (the demo inbox page shows them). */
  static async start(onSms?: (sms: SentSms) => void): Promise<TwilioStandIn> {
    const holder: { standIn?: TwilioStandIn } = {};
    const server = createServer((req, res) => void holder.standIn?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.standIn = new TwilioStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, onSms);
    return holder.standIn;
  }

  /**
   * Reports delivery like Twilio does: signed status callbacks ('sent', then 'delivered') to the URL each
   * sent message named, so the desk's "Sending…" turns into "Delivered". Off until a hub URL is given (the
   * benchmarks measure the hub without them).
   */
  reportDeliveryTo(hubUrl: string): void {
    this.callbacks = new WebhookClient(hubUrl, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, 4);
  }

  private scheduleStatus(statusCallback: string | undefined, sid: string, form: Readonly<Record<string, string>>): void {
    const client = this.callbacks;
    if (!client || !statusCallback?.startsWith(DEMO_TWILIO.publicUrl)) return;
    const pathAndQuery = statusCallback.slice(DEMO_TWILIO.publicUrl.length);
    const post = (status: string, afterMs: number): void => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const params = {
          MessageSid: sid,
          MessageStatus: status,
          To: form.To ?? '',
          From: form.From ?? '',
          AccountSid: DEMO_TWILIO.accountSid,
        };
        client.post(pathAndQuery, params).catch(() => undefined);
      }, afterMs);
      this.timers.add(timer);
    };
    post('sent', 400);
    post('delivered', 1500);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.callbacks?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      res.destroy();
      return;
    }
    this.requests += 1;
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const answer = answerFor(req.method ?? 'GET', path, form);
    const sent = answer.body as { sid?: unknown } | undefined;
    if (answer.status === 201 && path.endsWith('/Messages.json') && typeof sent?.sid === 'string')
      this.scheduleStatus(form.StatusCallback, sent.sid, form);
    if (answer.status === 201 && path.endsWith('/Messages.json') && this.onSms)
      this.onSms({ to: form.To ?? '', from: form.From ?? form.MessagingServiceSid ?? '', body: form.Body ?? '' });
    res.statusCode = answer.status;
    if (answer.body === undefined) return void res.end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer.body));
  }
}

function answerFor(method: string, path: string, form: Readonly<Record<string, string>>): { status: number; body?: unknown } {
  const account = `/2010-04-01/Accounts/${DEMO_TWILIO.accountSid}`;
  const base = { account_sid: DEMO_TWILIO.accountSid };
  if (method === 'GET' && path === `${account}.json`)
    return { status: 200, body: { sid: DEMO_TWILIO.accountSid, friendly_name: 'Switchboard demo', status: 'active' } };
  if (method === 'POST' && path === `${account}/Messages.json`)
    return { status: 201, body: { ...base, sid: twilioSid('SM'), status: 'queued', to: form.To, from: form.From, body: form.Body } };
  if (method === 'POST' && path === `${account}/Calls.json`)
    return { status: 201, body: { ...base, sid: twilioSid('CA'), status: 'queued', to: form.To, from: form.From } };
  const call = new RegExp(`^${account}/Calls/(CA[0-9a-f]{32})\\.json$`).exec(path);
  if (method === 'POST' && call) return { status: 200, body: { ...base, sid: call[1], status: form.Status ?? 'in-progress' } };
  const participants = new RegExp(`^${account}/Conferences/([^/]+)/Participants\\.json$`).exec(path);
  if (method === 'POST' && participants) {
    return {
      status: 201,
      body: {
        ...base,
        call_sid: twilioSid('CA'),
        conference_sid: twilioSid('CF'),
        status: 'queued',
        label: form.Label,
        muted: form.Muted === 'true',
        hold: false,
        coaching: form.Coaching === 'true',
      },
    };
  }
  const participant = new RegExp(`^${account}/Conferences/([^/]+)/Participants/(CA[0-9a-f]{32})\\.json$`).exec(path);
  if (participant && method === 'POST')
    return {
      status: 200,
      body: {
        ...base,
        call_sid: participant[2],
        conference_sid: participant[1],
        status: 'connected',
        hold: form.Hold === 'true',
        muted: form.Muted === 'true',
      },
    };
  if (participant && method === 'DELETE') return { status: 204 };
  return { status: 404, body: { code: 20404, message: `stand-in has no route for ${method} ${path}`, status: 404 } };
}

/** config.twilio for a hub whose Twilio is this stand-in. */
export function demoTwilioConfig(restBaseUrl: string): Record<string, unknown> {
  return {
    accountSid: DEMO_TWILIO.accountSid,
    authToken: DEMO_TWILIO.authToken,
    apiKey: DEMO_TWILIO.apiKey,
    apiSecret: DEMO_TWILIO.apiSecret,
    twimlAppSid: DEMO_TWILIO.twimlAppSid,
    publicUrl: DEMO_TWILIO.publicUrl,
    restBaseUrl,
    numbers: [
      { number: DEMO_TWILIO.supportNumber, queueId: 'support' },
      { number: DEMO_TWILIO.salesNumber, queueId: 'sales' },
    ],
    // The demo has no real caller on the line: never divert to voicemail, let callers wait and hang up.
    voice: { voicemailWhen: 'never' },
  };
}
