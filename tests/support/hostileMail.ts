import { customerMail } from './emailHub';

/**
 * More MIME parts than mailparser's child limit (1,000): the parser errors mid-message. Before issue 15 this
 * left attachment streams open for good and parseMail never settled, so intake stopped at this UID.
 */
export function poisonMail(from = 'Mallory <mallory@evil.example>', parts = 1100): string {
  const body: string[] = [];
  for (let i = 0; i < parts; i += 1) {
    body.push(`--p\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f${i}.bin\r\n\r\nxx${i}\r\n`);
  }
  return [
    `From: ${from}`,
    'To: support@example.com',
    'Subject: a poison mail',
    `Message-ID: <poison-${process.pid}-${Date.now()}@evil.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="p"',
    '',
    `${body.join('')}--p--`,
    '',
  ].join('\r\n');
}

/** A plain text mail whose body is `chars` characters long (a large mailing-list digest). */
export function longMail(from: string, chars: number, subject = 'a very long mail'): string {
  const line = 'The quick brown fox jumps over the lazy dog, again and again and again.\r\n';
  return customerMail({ from, subject, body: line.repeat(Math.ceil(chars / line.length)) });
}
