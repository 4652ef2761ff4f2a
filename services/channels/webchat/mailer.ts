import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from './config';

export type Mail = Readonly<{ to: string; subject: string; text: string }>;
export type Mailer = Readonly<{ send(mail: Mail): Promise<void>; close(): void }>;

/** Plain-text mail through the configured relay (transcripts, one-time codes). */
export function createMailer(config: SmtpConfig): Mailer {
  const transport: Transporter = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ignoreTLS: config.ignoreTLS,
    auth: config.auth,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
