import type { FollowUpRow } from '../../../ingest/inbound';
import type { Store } from '../../../store/store';
import { sql } from '../../../store/sql';

export type InboundMedia = Readonly<{ url: string; contentType: string | null }>;

/** An MMS's media as attachment rows that ingest commits together with the message (one write unit). */
export function mediaRows(media: readonly InboundMedia[]): FollowUpRow[] {
  return media.map((m) => ({
    table: 'attachment',
    values: { message_id: { ref: 'messageId' }, content_type: m.contentType, url: m.url },
  }));
}

/**
 * The media rows of a message stored without them, once: skipped when the message has any. Only a message
 * stored before its media rode in its own write unit can lack them (the previous hub committed them in a
 * second transaction and could crash in between); Twilio's retry then completes it.
 */
export async function storeMissingMedia(store: Store, messageId: number, media: readonly InboundMedia[]): Promise<void> {
  await store.write(async (tx) => {
    if (await tx.get(sql`SELECT 1 AS found FROM attachment WHERE message_id = ${messageId} LIMIT 1`)) return;
    for (const m of media) {
      await tx.run(sql`INSERT INTO attachment (message_id, content_type, url) VALUES (${messageId}, ${m.contentType}, ${m.url})`);
    }
  });
}
