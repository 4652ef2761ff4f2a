import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '../../services/platform/webhooks/signature';

export type Received = Readonly<{ id: string; type: string; body: string; data: Record<string, unknown> }>;

/**
 * A partner's webhook endpoint: a real HTTP server on a fixed port that checks the signature, refuses
 * replays outside the window, and accepts each event id once (a repeat is answered 200 and ignored).
 * It can be taken down and brought back on the same port.
 */
export class WebhookReceiver {
  secret = '';
  readonly accepted: Received[] = [];
  readonly acceptedIds = new Set<string>();
  duplicates = 0;
  badSignatures = 0;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!verify(this.secret, req.headers['switchboard-signature'] as string | undefined, body, Math.floor(Date.now() / 1000))) {
          this.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        const event = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
        if (this.acceptedIds.has(event.id)) this.duplicates += 1;
        else {
          this.acceptedIds.add(event.id);
          this.accepted.push({ id: event.id, type: event.type, body, data: event.data });
        }
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
