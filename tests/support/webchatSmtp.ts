import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CapturedMail = { to: string; subject: string; text: string };

/** A real SMTP server on loopback that keeps every message it accepts (transcripts, one-time codes). */
export async function startCaptureSmtp(): Promise<{
  port: number;
  mails: CapturedMail[];
  waitFor(test: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  stop(): Promise<void>;
}> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      void (async () => {
        try {
          const parsed = await simpleParser(stream);
          const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
          mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      })();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    async waitFor(test, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no matching mail arrived');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a one-time-code mail. */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no code in: ${text}`);
  return match[1];
}

type CaptureSmtp = Awaited<ReturnType<typeof startCaptureSmtp>>;
type CodeClient = Readonly<{
  ok(name: 'history/requestCode', input: { kind: 'email'; value: string }): Promise<unknown>;
  ok(name: 'history/verify', input: { kind: 'email'; value: string; code: string }): Promise<{ historyToken: string }>;
}>;

/** Requests a code for `email`, reads it from the capture server and verifies it: the history token. */
export async function proveEmail(v: CodeClient, smtp: CaptureSmtp, email: string): Promise<string> {
  await v.ok('history/requestCode', { kind: 'email', value: email });
  const mail = await smtp.waitFor((m) => m.to.includes(email.toLowerCase()) && !m.text.includes('USED'));
  mail.text += ' USED';
  return (await v.ok('history/verify', { kind: 'email', value: email, code: codeIn(mail.text) })).historyToken;
}
