import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot';

export type RelayedMail = Readonly<{ envelopeFrom: string; recipients: string[]; raw: Buffer; parsed: ParsedMail }>;

export type SmtpRelay = {
  port: number;
  received: RelayedMail[];
  /** Stop accepting connections (the "relay down" case); start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Reply to the next N DATA commands with this SMTP error (e.g. 451 or 550). */
  failNext(count: number, code: number, message: string): void;
  waitFor(count: number, timeoutMs?: number): Promise<RelayedMail[]>;
  /**
   * Hold the next transaction at RCPT TO (before DATA) or after its whole message arrived (before the
   * answer to the final dot). `reached` resolves when it is held; after release() a message whose client
   * went away meanwhile is discarded, as a relay must when it could not answer (RFC 5321 4.1.1.4), or, with
   * 'deliver', kept: a relay that had already queued it when the client gave up (the RFC 1047 duplicate).
   */
  hold(stage: 'rcpt' | 'data', ifClientGone?: 'discard' | 'deliver'): RelayHold;
  /** SMTP sessions currently open (a killed client's session closes once the relay notices). */
  openSessions(): number;
};

export type RelayHold = Readonly<{ reached: Promise<void>; release(): void }>;

/** A real smtp-server on loopback acting as the outbound relay; it records every accepted mail. */
export async function startSmtpRelay(port?: number): Promise<SmtpRelay> {
  const listenPort = port ?? (await freePort());
  const received: RelayedMail[] = [];
  let failures: { count: number; code: number; message: string } | null = null;
  let server: SMTPServer | null = null;
  const holds = new Map<'rcpt' | 'data', { reached: () => void; released: Promise<void>; ifClientGone: 'discard' | 'deliver' }>();
  const closed = new Set<string>();
  const open = new Set<string>();
  /** Waits out a hold on this stage, if one is set (each hold catches one transaction). */
  const passHold = async (stage: 'rcpt' | 'data'): Promise<'discard' | 'deliver'> => {
    const h = holds.get(stage);
    if (!h) return 'discard';
    holds.delete(stage);
    h.reached();
    await h.released;
    return h.ifClientGone;
  };

  const make = (): SMTPServer =>
    new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onConnect(session, callback) {
        open.add(session.id);
        callback();
      },
      onClose(session) {
        closed.add(session.id);
        open.delete(session.id);
      },
      onRcptTo(_address, _session, callback) {
        void (async () => {
          await passHold('rcpt');
          callback();
        })();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (failures && failures.count > 0) {
            failures.count -= 1;
            const err = Object.assign(new Error(failures.message), { responseCode: failures.code });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks);
          void (async () => {
            const ifClientGone = await passHold('data');
            if (closed.has(session.id) && ifClientGone === 'discard') return;
            const parsed = await simpleParser(raw);
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              recipients: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          })();
        });
      },
    });

  const relay: SmtpRelay = {
    port: listenPort,
    received,
    async start() {
      const s = make();
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(listenPort, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    openSessions: () => open.size,
    hold(stage, ifClientGone = 'discard') {
      let reached!: () => void;
      let release!: () => void;
      const reachedP = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(stage, { reached, released, ifClientGone });
      return { reached: reachedP, release };
    },
    failNext(count, code, message) {
      failures = { count, code, message };
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`relay received ${received.length} of ${count} mails`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
  };
  await relay.start();
  return relay;
}
