import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { parseDocument } from 'htmlparser2';

/** Test credentials: shaped like Twilio's, valid nowhere. */
export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const API_KEY = `SK${'b2'.repeat(16)}`;
export const API_SECRET = 'test-api-secret-0123456789abcdef';
export const PUBLIC_URL = 'https://hub.example.com';
export const SUPPORT_NUMBER = '+15550001111';
export const SALES_NUMBER = '+15550002222';

export const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

export type RecordedRequest = Readonly<{
  method: string;
  path: string;
  form: Record<string, string | string[]>;
  auth: string | undefined;
  domain: string | undefined;
  range?: string | undefined;
}>;

type Responder = (req: RecordedRequest) => { status: number; body?: unknown } | undefined;

/**
 * Stands in for Twilio's REST API on loopback: records every request (method, path, form) and answers the
 * shapes the twilio client expects. `failNext` makes the next matching request fail like Twilio does.
 */
export class TwilioRestFake {
  readonly requests: RecordedRequest[] = [];
  private overrides: Array<{ match: (r: RecordedRequest) => boolean; respond: Responder; once: boolean }> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TwilioRestFake> {
    const holder: { fake?: TwilioRestFake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.fake = new TwilioRestFake(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.fake;
  }

  failNext(match: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void {
    this.overrides.push({
      match,
      respond: () => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } }),
      once: true,
    });
  }

  find(method: string, pathPart: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPart.test(r.path));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const form: Record<string, string | string[]> = {};
    for (const [k, v] of params) {
      const prev = form[k];
      form[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      form,
      auth: req.headers.authorization,
      domain: req.headers['x-twilio-domain'] as string | undefined,
      range: req.headers.range,
    };
    this.requests.push(recorded);
    const media = new RegExp(`^/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/(RE[0-9a-f]{32})\\.mp3$`).exec(recorded.path);
    if (recorded.method === 'GET' && media) return this.serveRecording(media[1]!, req.headers.range, res);
    const override = this.overrides.find((o) => o.match(recorded));
    if (override?.once) this.overrides = this.overrides.filter((o) => o !== override);
    const answer = override?.respond(recorded) ?? this.defaultAnswer(recorded);
    res.statusCode = answer.status;
    if (answer.body === undefined) return void res.end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer.body));
  }

  /** Recording media by SID (what the hub's recording route streams): bytes derived from the SID, Range honoured. */
  static recordingBytes(recordingSid: string): Buffer {
    return Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2048, recordingSid)]);
  }

  private serveRecording(recordingSid: string, range: string | undefined, res: ServerResponse): void {
    const bytes = TwilioRestFake.recordingBytes(recordingSid);
    res.setHeader('content-type', 'audio/mpeg');
    res.setHeader('accept-ranges', 'bytes');
    const m = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
    if (m) {
      const start = Number(m[1]);
      const end = m[2] ? Math.min(Number(m[2]), bytes.length - 1) : bytes.length - 1;
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${end}/${bytes.length}`);
      res.setHeader('content-length', String(end - start + 1));
      return void res.end(bytes.subarray(start, end + 1));
    }
    res.statusCode = 200;
    res.setHeader('content-length', String(bytes.length));
    res.end(bytes);
  }

  private defaultAnswer(r: RecordedRequest): { status: number; body?: unknown } {
    const account = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
    // The account fetch of a connection test: Twilio answers 401 to credentials it does not know.
    if (r.method === 'GET' && r.path === `${account}.json`) {
      const known = [`${ACCOUNT_SID}:${AUTH_TOKEN}`, `${API_KEY}:${API_SECRET}`].map((c) => `Basic ${Buffer.from(c).toString('base64')}`);
      if (!known.includes(r.auth ?? '')) return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
      return { status: 200, body: { sid: ACCOUNT_SID, friendly_name: 'Test account', status: 'active' } };
    }
    if (r.method === 'POST' && r.path === `${account}/Messages.json`) {
      return {
        status: 201,
        body: { sid: sid('SM'), account_sid: ACCOUNT_SID, status: 'queued', to: r.form.To, from: r.form.From, body: r.form.Body },
      };
    }
    if (r.method === 'POST' && r.path === `${account}/Calls.json`) {
      return { status: 201, body: { sid: sid('CA'), account_sid: ACCOUNT_SID, status: 'queued', to: r.form.To, from: r.form.From } };
    }
    const callUpdate = new RegExp(`^${account}/Calls/(CA[0-9a-f]{32})\\.json$`).exec(r.path);
    if (r.method === 'POST' && callUpdate)
      return { status: 200, body: { sid: callUpdate[1], account_sid: ACCOUNT_SID, status: r.form.Status ?? 'in-progress' } };
    const participants = new RegExp(`^${account}/Conferences/([^/]+)/Participants\\.json$`).exec(r.path);
    if (r.method === 'POST' && participants) {
      return {
        status: 201,
        body: {
          call_sid: sid('CA'),
          conference_sid: CONFERENCE_SID,
          account_sid: ACCOUNT_SID,
          status: 'queued',
          label: r.form.Label,
          muted: r.form.Muted === 'true',
          hold: false,
          coaching: r.form.Coaching === 'true',
        },
      };
    }
    const participant = new RegExp(`^${account}/Conferences/([^/]+)/Participants/(CA[0-9a-f]{32})\\.json$`).exec(r.path);
    if (participant && r.method === 'POST')
      return {
        status: 200,
        body: {
          call_sid: participant[2],
          conference_sid: participant[1],
          account_sid: ACCOUNT_SID,
          status: 'connected',
          hold: r.form.Hold === 'true',
          muted: r.form.Muted === 'true',
        },
      };
    if (participant && r.method === 'DELETE') return { status: 204 };
    return { status: 404, body: { code: 20404, message: `fake has no route for ${r.method} ${r.path}`, status: 404 } };
  }
}

export const CONFERENCE_SID = `CF${'c3'.repeat(16)}`;

/** Posts a webhook to the hub exactly as Twilio does: form-encoded, signed over the public URL + params. */
export async function postWebhook(
  hubUrl: string,
  pathAndQuery: string,
  params: Readonly<Record<string, string>>,
  options: Readonly<{ token?: string; signature?: string | null; contentType?: string; body?: string }> = {},
): Promise<{ status: number; text: string; json: unknown }> {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? AUTH_TOKEN, `${PUBLIC_URL}${pathAndQuery}`, params)
      : options.signature;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(`${hubUrl}${pathAndQuery}`, {
    method: 'POST',
    headers,
    body: options.body ?? new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null; // TwiML, not JSON
  }
  return { status: res.status, text, json };
}

export type TwimlNode = { name: string; attrs: Record<string, string>; text: string; children: TwimlNode[] };

/** Parses TwiML into a small tree (htmlparser2 in XML mode) so tests assert structure, not strings. */
export function parseTwiml(xml: string): TwimlNode {
  const doc = parseDocument(xml, { xmlMode: true });
  type Raw = { type: string; name?: string; attribs?: Record<string, string>; data?: string; children?: Raw[] };
  const convert = (n: Raw): TwimlNode => ({
    name: n.name ?? '',
    attrs: n.attribs ?? {},
    text: (n.children ?? [])
      .filter((c) => c.type === 'text')
      .map((c) => c.data ?? '')
      .join('')
      .trim(),
    children: (n.children ?? []).filter((c) => c.type === 'tag').map(convert),
  });
  const root = (doc.children as unknown as Raw[]).find((c) => c.type === 'tag' && c.name === 'Response');
  if (!root) throw new Error(`not TwiML: ${xml.slice(0, 200)}`);
  return convert(root);
}

export function twilioConfig(restBaseUrl: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    twimlAppSid: `AP${'d4'.repeat(16)}`,
    publicUrl: PUBLIC_URL,
    restBaseUrl,
    numbers: [
      { number: SUPPORT_NUMBER, queueId: 'support' },
      { number: SALES_NUMBER, queueId: 'sales', sms: false },
    ],
    ...over,
  };
}
