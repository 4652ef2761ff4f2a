/** An address as mailparser/nodemailer see it. */
export type MailAddress = Readonly<{ address: string; name: string }>;

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** `local+tag@domain` and `local@domain` are the same mailbox for loop and reply-all purposes. */
export function baseAddress(address: string): string {
  const a = normaliseAddress(address);
  const at = a.lastIndexOf('@');
  if (at < 0) return a;
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus >= 0 ? local.slice(0, plus) : local}@${a.slice(at + 1)}`;
}

/** The reply-to plus-address that carries the conversation token: support+sb42@example.com. */
export function plusAddress(mailbox: string, conversationId: number): string {
  const a = normaliseAddress(mailbox);
  const at = a.lastIndexOf('@');
  return `${a.slice(0, at)}+sb${conversationId}@${a.slice(at + 1)}`;
}

/** Conversation id from a plus-address of one of our mailboxes, if it is one. */
export function conversationFromPlusAddress(address: string, ownAddresses: ReadonlySet<string>): number | undefined {
  const a = normaliseAddress(address);
  const match = /^([^@+]+)\+sb(\d{1,12})@(.+)$/.exec(a);
  if (!match) return undefined;
  if (!ownAddresses.has(`${match[1]}@${match[3]}`)) return undefined;
  return Number(match[2]);
}

/** Removes our own addresses and duplicates (case-insensitive), keeping first occurrence and its name. */
export function cleanRecipients(list: readonly MailAddress[], exclude: ReadonlySet<string>): MailAddress[] {
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  for (const entry of list) {
    const key = normaliseAddress(entry.address);
    if (!key.includes('@') || seen.has(key) || exclude.has(baseAddress(key))) continue;
    seen.add(key);
    out.push({ address: entry.address.trim(), name: entry.name });
  }
  return out;
}

/**
 * Reply-all recipients: To = Reply-To (or From) + original To; Cc = original Cc; our own mailbox
 * addresses (with any +tag) removed; anyone already in To is not repeated in Cc.
 */
export function replyAllRecipients(
  original: Readonly<{
    from: readonly MailAddress[];
    replyTo: readonly MailAddress[];
    to: readonly MailAddress[];
    cc: readonly MailAddress[];
  }>,
  ownAddresses: ReadonlySet<string>,
): { to: MailAddress[]; cc: MailAddress[] } {
  const primary = original.replyTo.length > 0 ? original.replyTo : original.from;
  const to = cleanRecipients([...primary, ...original.to], ownAddresses);
  const inTo = new Set(to.map((a) => normaliseAddress(a.address)));
  const cc = cleanRecipients(original.cc, ownAddresses).filter((a) => !inTo.has(normaliseAddress(a.address)));
  return { to, cc };
}

export function replyRecipients(
  original: Readonly<{ from: readonly MailAddress[]; replyTo: readonly MailAddress[] }>,
  ownAddresses: ReadonlySet<string>,
): MailAddress[] {
  const primary = original.replyTo.length > 0 ? original.replyTo : original.from;
  return cleanRecipients(primary, ownAddresses);
}

export function formatAddress(a: MailAddress): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}
