import type { Transporter } from 'nodemailer';
import type { SmtpConfig } from './config';

export type Mail = Readonly<{ to: string; subject: string; text: string }>;
export type Mailer = Readonly<{ send(mail: Mail): Promise<void>; close(): void }>;

/**
 * Plain-text mail through the configured relay (transcripts, one-time codes). nodemailer is loaded and the
 * transport opened with the first mail, not when the hub starts.
 */
export function createMailer(config: SmtpConfig): Mailer {
  let transport: Promise<Transporter> | null = null;
  const open = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ignoreTLS: config.ignoreTLS,
      auth: config.auth,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  };
  const close = async (): Promise<void> => {
    if (!transport) return;
    try {
      (await transport).close();
    } catch {
      // nodemailer never loaded: nothing is open.
    }
  };
  return {
    async send(mail) {
      transport ??= open();
      await (await transport).sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      void close();
    },
  };
}
