import type { SmsOptOut } from '../../../contracts';
import type { Connection } from '../../../store/store';
import { sql } from '../../../store/sql';

type DbOptOut = { phone: string; customer_id: number | null; opted_out: number; keyword: string; changed_at: number };

export async function getOptOut(db: Pick<Connection, 'get'>, phone: string): Promise<SmsOptOut> {
  const row = await db.get<DbOptOut>(
    sql`SELECT phone, customer_id, opted_out, keyword, changed_at FROM sms_opt_out WHERE phone = ${phone}`,
  );
  return row
    ? { phone: row.phone, customerId: row.customer_id, optedOut: row.opted_out === 1, keyword: row.keyword, changedAt: row.changed_at }
    : { phone, customerId: null, optedOut: false, keyword: null, changedAt: null };
}

/** The MessageSid and direction of the last recorded change for a phone (to recognise a retried webhook). */
export async function lastOptOutChange(
  db: Pick<Connection, 'get'>,
  phone: string,
): Promise<{ messageSid: string | null; optedOut: boolean } | undefined> {
  const row = await db.get<{ message_sid: string | null; opted_out: number }>(
    sql`SELECT message_sid, opted_out FROM sms_opt_out WHERE phone = ${phone}`,
  );
  return row ? { messageSid: row.message_sid, optedOut: row.opted_out === 1 } : undefined;
}

export type OptOutChange = Readonly<{
  phone: string;
  customerId: number | null;
  optedOut: boolean;
  keyword: string;
  ourNumber: string | null;
  messageSid: string | null;
  at: number;
}>;

export async function saveOptOut(tx: Connection, c: OptOutChange): Promise<void> {
  await tx.run(sql`
    INSERT INTO sms_opt_out (phone, customer_id, opted_out, keyword, our_number, message_sid, changed_at)
    VALUES (${c.phone}, ${c.customerId}, ${c.optedOut ? 1 : 0}, ${c.keyword}, ${c.ourNumber}, ${c.messageSid}, ${c.at})
    ON CONFLICT (phone) DO UPDATE SET customer_id = COALESCE(excluded.customer_id, sms_opt_out.customer_id),
      opted_out = excluded.opted_out, keyword = excluded.keyword, our_number = excluded.our_number,
      message_sid = excluded.message_sid, changed_at = excluded.changed_at`);
}
