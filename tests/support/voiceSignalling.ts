import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

/*
 * A local stand-in for Twilio's Voice SDK signalling (the "chunder" gateway the SDK's PStream talks to),
 * so the real @twilio/voice-sdk in the desk can register and take calls without the Twilio cloud.
 * The SDK always uses wss://<chunderw>/signal: this serves TLS with a throwaway self-signed certificate
 * (the browser runs with --ignore-certificate-errors). Messages are the SDK's PStream JSON frames
 * ({type, version, payload}): listen -> connected, register -> ready/offline, invite / answer / hangup /
 * dtmf / reject. Tokens are checked like Twilio does: an HS256 JWT signed with the API secret, with a
 * voice grant and an identity, not expired.
 */

export type SignalFrame = Readonly<{ type: string; payload: Record<string, unknown> }>;
type Client = { socket: WebSocket; identity: string | null; registered: boolean };

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Verifies a Twilio access token (HS256, signed with the API key's secret): its identity and lifetime. */
export function verifyAccessToken(
  token: string,
  secret: string,
  now = Date.now(),
): { identity: string; ttl: number } | { refused: string } {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return { refused: 'not a JWT' };
  const expected = base64url(createHmac('sha256', secret).update(`${head}.${body}`).digest());
  if (expected !== signature) return { refused: 'bad signature' };
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    exp?: number;
    grants?: { identity?: string; voice?: { incoming?: { allow?: boolean } } };
  };
  const exp = claims.exp ?? 0;
  if (exp * 1000 <= now) return { refused: 'expired' };
  const identity = claims.grants?.identity;
  if (!identity || !claims.grants?.voice?.incoming?.allow) return { refused: 'no voice grant' };
  return { identity, ttl: Math.round(exp - now / 1000) };
}

export class VoiceSignallingStandIn {
  /** Every frame the SDK sent, in order, with the identity of its connection. */
  readonly received: Array<SignalFrame & { identity: string | null }> = [];
  private readonly clients = new Set<Client>();
  private readonly waiters: Array<{ match: (f: SignalFrame & { identity: string | null }) => boolean; resolve: (f: SignalFrame) => void }> =
    [];

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly dir: string,
    private readonly secret: string,
    /** host:port, what the hub's config.twilio.sdkSignallingHost names. */
    readonly host: string,
  ) {}

  static async start(secret: string): Promise<VoiceSignallingStandIn> {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-signal-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
      {
        stdio: 'ignore',
      },
    );
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) });
    const wss = new WebSocketServer({ server, path: '/signal' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = new VoiceSignallingStandIn(server, wss, dir, secret, `127.0.0.1:${(server.address() as AddressInfo).port}`);
    wss.on('connection', (socket) => standIn.accept(socket));
    return standIn;
  }

  private send(client: Client, type: string, payload: Record<string, unknown> = {}): void {
    client.socket.send(JSON.stringify({ type, version: '1.6', payload }));
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, identity: null, registered: false };
    this.clients.add(client);
    // Twilio's gateway sends a newline heartbeat; the SDK drops a connection that stays silent too long.
    const heartbeat = setInterval(() => socket.send('\n'), 5000);
    socket.on('close', () => {
      clearInterval(heartbeat);
      this.clients.delete(client);
    });
    socket.on('message', (data) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
      if (text === '\n') return; // the SDK's answer to our heartbeat
      let frame: SignalFrame;
      try {
        frame = JSON.parse(text) as SignalFrame;
      } catch {
        return;
      }
      const entry = { ...frame, payload: frame.payload ?? {}, identity: client.identity };
      switch (frame.type) {
        case 'listen': {
          const checked = verifyAccessToken(typeof frame.payload.token === 'string' ? frame.payload.token : '', this.secret);
          if ('refused' in checked) {
            this.send(client, 'error', { error: { code: 31204, message: `JWT is invalid: ${checked.refused}` } });
            break;
          }
          client.identity = checked.identity;
          entry.identity = checked.identity;
          this.send(client, 'connected', { region: 'gll', home: 'local', token: { identity: checked.identity, ttl: checked.ttl } });
          break;
        }
        case 'register': {
          const audio = (frame.payload.media as { audio?: boolean } | undefined)?.audio === true;
          client.registered = audio;
          this.send(client, audio ? 'ready' : 'offline');
          break;
        }
        default:
          break;
      }
      this.received.push(entry);
      for (const w of [...this.waiters]) {
        if (w.match(entry)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      }
    });
  }

  /** Resolves with the first frame (already received or coming) that matches. */
  next(match: (f: SignalFrame & { identity: string | null }) => boolean, timeoutMs = 10_000): Promise<SignalFrame> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('signalling frame not received in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  isRegistered(identity: string): boolean {
    return [...this.clients].some((c) => c.identity === identity && c.registered);
  }

  private clientOf(identity: string): Client {
    const client = [...this.clients].find((c) => c.identity === identity && c.registered);
    if (!client) throw new Error(`${identity} is not registered`);
    return client;
  }

  /** Rings a registered identity with a call (an SDP offer from the far end's media peer). */
  invite(identity: string, call: Readonly<{ callSid: string; from: string; to?: string; sdp: string }>): void {
    this.send(this.clientOf(identity), 'invite', {
      callsid: call.callSid,
      sdp: call.sdp,
      parameters: { CallSid: call.callSid, From: call.from, To: call.to ?? `client:${identity}`, AccountSid: 'AC' },
    });
  }

  /** The far end ended the call (Twilio hung up the leg). */
  hangup(identity: string, callSid: string): void {
    this.send(this.clientOf(identity), 'hangup', { callsid: callSid });
  }

  /** The caller gave up before the agent answered. */
  cancel(identity: string, callSid: string): void {
    this.send(this.clientOf(identity), 'cancel', { callsid: callSid });
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
