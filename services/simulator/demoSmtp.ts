import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the demo's SMTP server accepted, parsed. */
export type CaughtMail = Readonly<{
  envelopeFrom: string;
  recipients: readonly string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string | null;
  references: readonly string[];
  parsed: ParsedMail;
}>;

/** Largest mail the demo accepts (replies with attachments included); more is refused with 552. */
const MAX_BYTES = 30 * 1024 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((a) => a.text).join(', ');
}

/**
 * A real SMTP server (smtp-server) on loopback: the demo hub's email channel and web chat send through it
 * with their ordinary nodemailer transports, so a reply, a transcript or a one-time code goes over SMTP
 * exactly as it would to a company relay. Nothing leaves the machine: each accepted mail is parsed and
 * handed to `onMail` (the demo inbox page, the simulated customers who answer).
 */
export class DemoSmtp {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(onMail: (mail: CaughtMail) => void, onError: (error: unknown) => void): Promise<DemoSmtp> {
    const server = new SMTPServer({
      secure: false,
      // Loopback only, no TLS and no sign-in: the hub's transports are configured with ignoreTLS.
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      size: MAX_BYTES,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            callback(Object.assign(new Error('message too large for the demo mail server'), { responseCode: 552 }));
            return;
          }
          const raw = Buffer.concat(chunks);
          // The session's envelope is reset once the transaction is answered: read it first.
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          // Accept first (the sender's job is done once we have the bytes), then parse for the page.
          callback();
          void (async () => {
            try {
              const parsed = await simpleParser(raw);
              const refs =
                parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : [parsed.references];
              onMail({
                envelopeFrom,
                recipients,
                from: addresses(parsed.from),
                to: addresses(parsed.to),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                messageId: parsed.messageId ?? null,
                references: refs,
                parsed,
              });
            } catch (error) {
              onError(error);
            }
          })();
        });
      },
    });
    server.on('error', onError);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.server.address() as AddressInfo).port;
    return new DemoSmtp(server, port);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
