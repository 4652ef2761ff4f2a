import type { FollowUpRow } from '../../ingest/inbound';
import type { Connection } from '../../store/store';
import { sql } from '../../store/sql';
import type { AttachmentRow } from './repo';

type Reader = Pick<Connection, 'get' | 'all'>;

/**
 * What an inbound email stores besides its message, as rows ingest commits in the message's own write unit:
 * its Message-ID in the thread map (a reply naming it finds the conversation) and its attachment rows. A
 * replay (crash before \Seen) is a duplicate and stores none of them again: they committed with the message.
 */
export function inboundMailRows(messageId: string, attachments: readonly AttachmentRow[]): FollowUpRow[] {
  return [
    {
      table: 'email_thread_ref',
      values: {
        message_id: messageId,
        conversation_id: { ref: 'conversationId' },
        message_row_id: { ref: 'messageId' },
        direction: 'in',
        created_at: { ref: 'at' },
      },
      // The same Message-ID may already map to this conversation (delivered to two of our mailboxes).
      onConflict: 'ignore',
    },
    ...attachments.map((a): FollowUpRow => ({
      table: 'attachment',
      values: {
        message_id: { ref: 'messageId' },
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        sha256: a.sha256,
        url: a.sha256 ? `email-attachment:${a.sha256}` : null,
        error: a.error,
      },
    })),
  ];
}

/** Whether the sender is an email identity of the conversation's customer (subject tokens are guessable). */
export async function senderOwnsConversation(db: Reader, conversationId: number, sender: string): Promise<boolean> {
  const row = await db.get<{ id: number }>(sql`
    SELECT c.id FROM conversation c JOIN identity i ON i.customer_id = c.customer_id
    WHERE c.id = ${conversationId} AND c.channel = 'email' AND i.kind = 'email' AND i.value = ${sender.trim().toLowerCase()}`);
  return row !== undefined;
}
