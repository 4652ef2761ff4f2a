import { Agent, request } from 'node:http';
// The signing function alone: the package's index would load the REST client into every process that posts.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

export type WebhookAnswer = Readonly<{ status: number; text: string }>;

/**
 * Posts Twilio webhooks to a hub exactly as Twilio does — form-encoded, X-Twilio-Signature over the public
 * URL + params — on a keep-alive connection pool (Twilio reuses connections too; a fresh TCP handshake per
 * request would measure the kernel, not the hub).
 */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly target: URL;

  constructor(
    hubUrl: string,
    private readonly publicUrl: string,
    private readonly authToken: string,
    maxSockets = 64,
  ) {
    this.target = new URL(hubUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  post(pathAndQuery: string, params: Readonly<Record<string, string>>): Promise<WebhookAnswer> {
    const signature = getExpectedTwilioSignature(this.authToken, `${this.publicUrl}${pathAndQuery}`, params);
    return postForm(this.agent, this.target, pathAndQuery, new URLSearchParams(params).toString(), { 'x-twilio-signature': signature });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One form POST on a pooled connection; resolves with status and body text. */
export function postForm(
  agent: Agent,
  target: URL,
  pathAndQuery: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: pathAndQuery,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
