import type { AckSender } from '../../acknowledgements/worker';
import type { ContactCenter } from '../../hub/contactCenter';
import { insertMessage, updateMessageStatus } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import { baseAddress, plusAddress, replyRecipients } from './addresses';
import { composeBodies, newMessageId, replyReferences, type Envelope } from './compose';
import type { EmailConfig } from './config';
import type { EmailMeta } from './inbound';
import { addThreadRef, insertOutbox, outboxByMessageRow, releaseHeld } from './repo';
import { replySubject } from './subjectToken';

export type EmailAckDeps = Readonly<{
  store: Store;
  center: ContactCenter;
  config: EmailConfig;
  ownAddresses: ReadonlySet<string>;
  now: () => number;
  wake: () => void;
}>;

/**
 * Email acknowledgements: a reply to the mail that opened the conversation, threaded like an agent's reply
 * (In-Reply-To, References, the [#SB-n] subject token, the plus reply-to), marked Auto-Submitted so other
 * systems' autoresponders stay quiet. The message row and its outbox row commit with the decision; the
 * outbox sends it exactly like any reply (durable, once).
 */
export function emailAckSender(deps: EmailAckDeps): AckSender {
  const envelopeFor = (meta: EmailMeta, conversationId: number, text: string, at: number) => {
    const mailbox = deps.config.mailboxes.find((m) => m.id === meta.mailboxId);
    if (!mailbox) return undefined;
    const to = replyRecipients({ from: [meta.from], replyTo: meta.replyTo }, deps.ownAddresses);
    if (to.length === 0) return undefined;
    const bodies = composeBodies(text, undefined, null, 'reply');
    const envelope: Envelope = {
      from: { address: mailbox.address, name: mailbox.displayName ?? '' },
      replyTo: mailbox.plusAddressing ? plusAddress(mailbox.address, conversationId) : null,
      to,
      cc: [],
      bcc: [],
      subject: replySubject(meta.subject, conversationId, 'reply'),
      text: bodies.text,
      html: bodies.html,
      inReplyTo: meta.messageId,
      references: replyReferences(meta.references, meta.messageId),
      attachments: [],
      date: at,
      autoSubmitted: true,
    };
    return { mailbox, envelope };
  };

  return {
    channel: 'email',
    async inspect(_tx, c) {
      const meta = c.message.meta.email as EmailMeta | undefined;
      if (!meta?.from?.address) return { skip: 'no sender address' };
      if (meta.unreadable) return { skip: 'the email could not be read' };
      if (meta.autoReply !== null || c.disposition === 'auto_reply')
        return { skip: `automatic or bulk mail (${meta.autoReply ?? 'auto-reply'})` };
      const address = baseAddress(meta.from.address);
      if (deps.ownAddresses.has(address)) return { skip: 'sent from one of our own mailboxes' };
      if (!deps.config.mailboxes.some((m) => m.id === meta.mailboxId)) return { skip: `mailbox ${meta.mailboxId} is no longer set up` };
      if (envelopeFor(meta, c.conversationId, '', 0) === undefined) return { skip: 'no address to answer (the reply-to is one of ours)' };
      return { address };
    },
    async enqueue(tx, c, text, at) {
      const meta = c.message.meta.email as EmailMeta;
      const built = envelopeFor(meta, c.conversationId, text, at);
      if (!built) throw new Error('acknowledgement: no envelope (inspect should have skipped it)');
      const { mailbox, envelope } = built;
      const messageId = newMessageId(c.conversationId, mailbox.address);
      const email = {
        mode: 'reply',
        messageId,
        mailboxId: mailbox.id,
        inReplyTo: envelope.inReplyTo,
        to: envelope.to,
        cc: [],
        bcc: [],
        subject: envelope.subject,
        attachments: [],
        parentMessageId: c.message.id,
      };
      // No authoring agent and no firstResponseAt: an acknowledgement is not an answer, the SLA clock runs on.
      const m = await insertMessage(tx, {
        conversationId: c.conversationId,
        direction: 'out',
        authorAgentId: null,
        bodyText: envelope.text,
        bodyHtml: envelope.html,
        status: 'queued',
        meta: { acknowledgement: true, email },
        at,
      });
      const outboxId = await insertOutbox(tx, {
        messageRowId: m.id,
        conversationId: c.conversationId,
        mailboxId: mailbox.id,
        kind: 'reply',
        messageId,
        envelope: JSON.stringify(envelope),
        at,
        held: true,
      });
      await updateMessageStatus(tx, m.id, 'queued', { email: { outboxId } });
      await addThreadRef(tx, { messageId, conversationId: c.conversationId, messageRowId: m.id, direction: 'out', at });
      return m.id;
    },
    async deliver(ids) {
      // Announce 'queued' to the desk first, then release the rows to the outbox (a fast 'sent' is never overwritten).
      for (const id of ids) {
        await deps.center.setMessageStatus(id, 'queued');
        const row = await outboxByMessageRow(deps.store, id);
        if (row) await deps.store.write((tx) => releaseHeld(tx, deps.now(), row.id));
      }
      deps.wake();
    },
  };
}
