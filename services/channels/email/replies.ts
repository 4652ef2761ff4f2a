import { HubError, offReasons, type Conversation, type EmailSendMode, type Message } from '../../contracts';
import type { ContactCenter } from '../../hub/contactCenter';
import { appendEvent } from '../../store/repos/events';
import { insertMessage, updateMessageStatus } from '../../store/repos/messages';
import { updateConversation } from '../../store/repos/conversations';
import type { Store } from '../../store/store';
import { plusAddress, replyAllRecipients, replyRecipients, type MailAddress } from './addresses';
import type { AttachmentStore } from './attachmentStore';
import { composeBodies, newMessageId, replyReferences, type Envelope } from './compose';
import type { EmailConfig, MailboxConfig } from './config';
import type { EmailMeta } from './inbound';
import {
  addThreadRef,
  firstEmailAddressOf,
  getMessageById,
  getMessageInConversation,
  hasInboundMessage,
  insertOutbox,
  lastInboundMessage,
  outboxByMessageRow,
  releaseHeld,
} from './repo';
import { baseSubject, replySubject, subjectToken } from './subjectToken';

export type ReplyRequest = Readonly<{
  agentId: number;
  conversation: Conversation;
  mode: EmailSendMode;
  /** Message row answered/forwarded; default the newest inbound email. */
  parentMessageId?: number;
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  bodyText: string;
  bodyHtml?: string;
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
  quote?: boolean;
  /** Set when message/send already committed the message row: only the outbox row is added. */
  existingMessageId?: number;
}>;

export type ReplyDeps = Readonly<{
  store: Store;
  center: ContactCenter;
  config: EmailConfig;
  files: AttachmentStore;
  ownAddresses: ReadonlySet<string>;
  now: () => number;
  wake: () => void;
}>;

async function parentMessage(store: Store, conversationId: number, messageId: number | undefined): Promise<Message> {
  const message = messageId
    ? await getMessageInConversation(store, conversationId, messageId)
    : await lastInboundMessage(store, conversationId);
  if (!message)
    throw new HubError(
      'not_found',
      messageId ? `message ${messageId} is not in conversation ${conversationId}` : 'this conversation has no inbound email to answer',
    );
  if (!emailMetaOf(message)) throw new HubError('invalid_input', `message ${message.id} is not an inbound email`);
  return message;
}

export function emailMetaOf(message: Message): EmailMeta | undefined {
  const email = message.meta.email as EmailMeta | undefined;
  return email && typeof email.messageId === 'string' && typeof email.mailboxId === 'string' && email.from ? email : undefined;
}

function mailboxFor(config: EmailConfig, meta: EmailMeta, conversation: Conversation): MailboxConfig {
  const mailbox =
    config.mailboxes.find((m) => m.id === meta.mailboxId) ??
    config.mailboxes.find((m) => m.queueId === conversation.queueId) ??
    config.mailboxes[0];
  if (!mailbox) throw new HubError('channel_unavailable', offReasons.emailNoMailbox);
  return mailbox;
}

const asAddresses = (list: readonly string[] | undefined): MailAddress[] | undefined => list?.map((address) => ({ address, name: '' }));

/**
 * Writes an outbound email to the durable outbox (and, for email/send, its message row) in ONE
 * transaction, so a committed reply is always eventually sent or marked failed.
 */
export async function enqueueReply(deps: ReplyDeps, r: ReplyRequest): Promise<{ message: Message; outboxId: number }> {
  if (r.conversation.channel !== 'email')
    throw new HubError('invalid_input', `conversation ${r.conversation.id} is not an email conversation`);
  if (r.existingMessageId !== undefined) {
    const existing = await outboxByMessageRow(deps.store, r.existingMessageId);
    if (existing) {
      const message = await getMessageById(deps.store, r.existingMessageId);
      if (message) return { message, outboxId: existing.id };
    }
  }
  // An outbound conversation nobody has answered yet has no mail to reply to: its first mail is new.
  const mode: EmailSendMode =
    r.mode === 'reply' && r.parentMessageId === undefined && !(await hasInboundEmail(deps.store, r.conversation.id)) ? 'new' : r.mode;
  if (mode === 'new') return enqueueNew(deps, r);
  const parent = await parentMessage(deps.store, r.conversation.id, r.parentMessageId);
  const meta = emailMetaOf(parent) as EmailMeta;
  const mailbox = mailboxFor(deps.config, meta, r.conversation);
  const original = { from: [meta.from], replyTo: meta.replyTo, to: meta.to, cc: meta.cc };
  let to: MailAddress[];
  let cc: MailAddress[] = [];
  switch (mode) {
    case 'reply':
      to = asAddresses(r.to) ?? replyRecipients(original, deps.ownAddresses);
      cc = asAddresses(r.cc) ?? [];
      break;
    case 'replyAll': {
      const computed = replyAllRecipients(original, deps.ownAddresses);
      to = asAddresses(r.to) ?? computed.to;
      cc = asAddresses(r.cc) ?? computed.cc;
      break;
    }
    case 'forward':
      to = asAddresses(r.to) ?? [];
      cc = asAddresses(r.cc) ?? [];
      break;
  }
  if (to.length === 0)
    throw new HubError('invalid_input', 'no recipient left (the original sender is one of our own mailboxes?)', [
      { path: 'to', message: 'required' },
    ]);
  const bcc = asAddresses(r.bcc) ?? [];

  const quoted =
    r.quote === false ? null : { from: meta.from, date: meta.date, text: parent.bodyText, subject: meta.subject, to: meta.to, cc: meta.cc };
  const bodies = composeBodies(r.bodyText, r.bodyHtml, quoted, mode);
  const attachments: Array<Envelope['attachments'][number]> = [];
  for (const a of r.attachments ?? []) {
    const saved = await deps.files.saveBuffer(a.content);
    attachments.push({ filename: a.filename, contentType: a.contentType, sha256: saved.sha256 });
  }
  if (mode === 'forward') {
    for (const a of meta.attachments) {
      if (a.sha256)
        attachments.push({ filename: a.filename ?? 'attachment', contentType: a.contentType, sha256: a.sha256, contentId: a.contentId });
    }
  }
  const at = deps.now();
  const forward = mode === 'forward';
  const envelope: Envelope = {
    from: { address: mailbox.address, name: mailbox.displayName ?? '' },
    replyTo: mailbox.plusAddressing ? plusAddress(mailbox.address, r.conversation.id) : null,
    to,
    cc,
    bcc,
    subject: replySubject(meta.subject || r.conversation.subject, r.conversation.id, forward ? 'forward' : 'reply'),
    text: bodies.text,
    html: bodies.html,
    // A forward starts a new exchange with a third party: no threading headers to the customer's mail.
    inReplyTo: forward ? null : meta.messageId,
    references: forward ? [] : replyReferences(meta.references, meta.messageId),
    attachments,
    date: at,
  };
  return commitOutbound(deps, r, { mode, mailbox, envelope, parentId: parent.id });
}

/** One transaction: message row (unless message/send made it), outbox row, thread ref for the reply to find. */
async function commitOutbound(
  deps: ReplyDeps,
  r: ReplyRequest,
  o: Readonly<{ mode: EmailSendMode; mailbox: MailboxConfig; envelope: Envelope; parentId: number | null }>,
): Promise<{ message: Message; outboxId: number }> {
  const { mode, mailbox, envelope } = o;
  const at = envelope.date;
  const attachments = envelope.attachments;
  const bodies = { text: envelope.text, html: envelope.html };
  const messageId = newMessageId(r.conversation.id, mailbox.address);
  const summary = {
    email: {
      mode,
      messageId,
      mailboxId: mailbox.id,
      inReplyTo: envelope.inReplyTo,
      to: envelope.to,
      cc: envelope.cc,
      bcc: envelope.bcc,
      subject: envelope.subject,
      attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, sha256: a.sha256 })),
      parentMessageId: o.parentId,
    },
  };
  const existingId = r.existingMessageId;
  const { messageRowId, outboxId } = await deps.store.write(async (tx) => {
    let rowId = existingId;
    if (rowId === undefined) {
      const m = await insertMessage(tx, {
        conversationId: r.conversation.id,
        direction: 'out',
        authorAgentId: r.agentId,
        bodyText: bodies.text,
        bodyHtml: bodies.html,
        status: 'queued',
        meta: summary,
        at,
      });
      rowId = m.id;
      if (r.conversation.firstResponseAt === null) await updateConversation(tx, r.conversation.id, { firstResponseAt: at });
      await appendEvent(tx, {
        at,
        type: 'message/out',
        conversationId: r.conversation.id,
        agentId: r.agentId,
        queueId: r.conversation.queueId,
        data: { messageId: m.id, mode },
      });
    }
    const id = await insertOutbox(tx, {
      messageRowId: rowId,
      conversationId: r.conversation.id,
      mailboxId: mailbox.id,
      // The outbox table predates 'new' (CHECK constraint); a new mail is sent exactly like a reply.
      kind: mode === 'new' ? 'reply' : mode,
      messageId,
      envelope: JSON.stringify(envelope),
      at,
      held: existingId === undefined,
    });
    await updateMessageStatus(tx, rowId, 'queued', { email: { ...summary.email, outboxId: id } });
    await addThreadRef(tx, { messageId, conversationId: r.conversation.id, messageRowId: rowId, direction: 'out', at });
    return { messageRowId: rowId, outboxId: id };
  });
  let message: Message | undefined;
  if (existingId === undefined) {
    // The first reply stops the desk's SLA clock.
    if (r.conversation.firstResponseAt === null) await deps.center.announceConversation(r.conversation.id);
    // Announce 'queued' first, then let the worker at it: a fast 'sent' can never be overwritten.
    message = await deps.center.setMessageStatus(messageRowId, 'queued');
    await deps.store.write((tx) => releaseHeld(tx, deps.now(), outboxId));
  } else {
    message = await getMessageById(deps.store, messageRowId);
  }
  deps.wake();
  if (!message) throw new HubError('internal', 'outbound message vanished');
  return { message, outboxId };
}

async function hasInboundEmail(store: Store, conversationId: number): Promise<boolean> {
  return hasInboundMessage(store, conversationId);
}

/** The first mail of an outbound conversation: to the customer's address, the token in the subject, no threading headers. */
async function enqueueNew(deps: ReplyDeps, r: ReplyRequest): Promise<{ message: Message; outboxId: number }> {
  const mailbox = deps.config.mailboxes.find((m) => m.queueId === r.conversation.queueId) ?? deps.config.mailboxes[0];
  if (!mailbox) throw new HubError('channel_unavailable', offReasons.emailNoMailbox);
  let to = asAddresses(r.to);
  if (!to || to.length === 0) {
    const address = await firstEmailAddressOf(deps.store, r.conversation.customerId);
    if (address === undefined)
      throw new HubError('invalid_input', 'the customer has no email address', [{ path: 'to', message: 'required' }]);
    to = [{ address, name: '' }];
  }
  const bodies = composeBodies(r.bodyText, r.bodyHtml, null, 'reply');
  const attachments: Array<Envelope['attachments'][number]> = [];
  for (const a of r.attachments ?? []) {
    const saved = await deps.files.saveBuffer(a.content);
    attachments.push({ filename: a.filename, contentType: a.contentType, sha256: saved.sha256 });
  }
  const envelope: Envelope = {
    from: { address: mailbox.address, name: mailbox.displayName ?? '' },
    replyTo: mailbox.plusAddressing ? plusAddress(mailbox.address, r.conversation.id) : null,
    to,
    cc: asAddresses(r.cc) ?? [],
    bcc: asAddresses(r.bcc) ?? [],
    subject: `${baseSubject(r.conversation.subject) || 'Message from us'} ${subjectToken(r.conversation.id)}`,
    text: bodies.text,
    html: bodies.html,
    inReplyTo: null,
    references: [],
    attachments,
    date: deps.now(),
  };
  return commitOutbound(deps, r, { mode: 'new', mailbox, envelope, parentId: null });
}
