// Both loaded when an administrator tests a connection, not at the hub's start.
import type { ConnectionCheck } from '../../contracts';
import type { EmailConfig, MailboxConfig } from './config';

type NetError = Error & {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  responseCode?: number;
  response?: string;
};

/**
 * Longest wait for one server during a connection test: the admin is watching a button, and the console
 * gives a command 15 s before it says the hub did not answer.
 */
export const TEST_TIMEOUT_MS = 6000;

/** A network failure in words: "Could not reach imap.example.com:993 (connection refused)". */
export function unreachable(host: string, port: number, error: Error & { code?: string | number }): string | null {
  const text = `${error.code ?? ''} ${error.message}`;
  const where = `${host}:${port}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `Could not find the server ${host} (no such host name)`;
  if (/ECONNREFUSED/.test(text)) return `Could not reach ${where} (connection refused)`;
  if (/ETIMEDOUT|timeout|timed out/i.test(text)) return `Could not reach ${where} (no answer in time)`;
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return `Could not reach ${where} (no route to that host)`;
  if (/ECONNRESET|EPIPE|closed/i.test(text)) return `${where} closed the connection (check the port and the TLS setting)`;
  if (/certificate|SSL|TLS|wrong version number|EPROTO/i.test(text))
    return `The secure connection to ${where} failed (${error.message}); check the port and the TLS setting`;
  return null;
}

/** IMAP: sign in, then open the mailbox the channel reads; each reported on its own. */
export async function testImap(mailbox: MailboxConfig, timeoutMs = TEST_TIMEOUT_MS): Promise<ConnectionCheck[]> {
  const label = `Incoming mail (IMAP) for ${mailbox.address}`;
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  client.on('error', () => undefined); // Reported through connect()'s rejection.
  try {
    await client.connect();
  } catch (error) {
    const err = error as NetError;
    const detail = err.authenticationFailed
      ? `The IMAP server refused the password for ${mailbox.user}`
      : (unreachable(mailbox.host, mailbox.port, err) ??
        `Could not sign in to ${mailbox.host}:${mailbox.port}: ${err.responseText ?? err.message}`);
    client.close();
    return [{ label, ok: false, detail }];
  }
  const checks: ConnectionCheck[] = [{ label, ok: true, detail: `Signed in to ${mailbox.host}:${mailbox.port} as ${mailbox.user}` }];
  try {
    const opened = await client.mailboxOpen(mailbox.folder, { readOnly: true });
    checks.push({
      label: `Mailbox "${mailbox.folder}"`,
      ok: true,
      detail: `Opened; it holds ${opened.exists} ${opened.exists === 1 ? 'message' : 'messages'}`,
    });
  } catch (error) {
    const err = error as NetError;
    checks.push({
      label: `Mailbox "${mailbox.folder}"`,
      ok: false,
      detail: `Signed in, but the mailbox "${mailbox.folder}" could not be opened (${err.responseText ?? err.message})`,
    });
  }
  await client.logout().catch(() => client.close());
  return checks;
}

/** SMTP: connect, STARTTLS as configured, sign in when a user is set; no mail is sent. */
export async function testSmtp(smtp: EmailConfig['smtp'], timeoutMs = TEST_TIMEOUT_MS): Promise<ConnectionCheck> {
  const label = `Outgoing mail (SMTP) via ${smtp.host}:${smtp.port}`;
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
  const connection = new SMTPConnection({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ignoreTLS: smtp.ignoreTLS,
    connectionTimeout: Math.min(smtp.connectionTimeoutMs, timeoutMs),
    greetingTimeout: Math.min(smtp.connectionTimeoutMs, timeoutMs),
    socketTimeout: timeoutMs,
  });
  const outcome = await new Promise<NetError | null>((resolve) => {
    let settled = false;
    const settle = (error: NetError | null): void => {
      if (settled) return;
      settled = true;
      connection.close();
      resolve(error);
    };
    connection.once('error', (error: NetError) => settle(error));
    connection.once('end', () => settle(Object.assign(new Error('the server closed the connection'), { code: 'ECONNECTION' })));
    connection.connect((error) => {
      if (error) return settle(error);
      if (!smtp.user) return settle(null);
      connection.login({ credentials: { user: smtp.user, pass: smtp.password ?? '' } }, (err) => settle(err ?? null));
    });
  });
  if (!outcome)
    return { label, ok: true, detail: smtp.user ? `Connected and signed in as ${smtp.user}` : 'Connected (no sign-in configured)' };
  if (outcome.code === 'EAUTH')
    return { label, ok: false, detail: `The SMTP server refused the user name or password for ${smtp.user ?? '(none)'}` };
  const detail =
    unreachable(smtp.host, smtp.port, outcome) ??
    `The SMTP server at ${smtp.host}:${smtp.port} answered: ${outcome.response ?? outcome.message}`;
  return { label, ok: false, detail };
}

/** Every mailbox's IMAP and the SMTP relay, in parallel, each check on its own line. */
export async function testEmail(config: EmailConfig): Promise<ConnectionCheck[]> {
  const [imap, smtp] = await Promise.all([Promise.all(config.mailboxes.map((m) => testImap(m))), testSmtp(config.smtp)]);
  return [...imap.flat(), smtp];
}
