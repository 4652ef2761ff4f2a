import { createHash } from 'node:crypto';

/**
 * A stable 64-bit advisory-lock key for a name ("router:0", "mailbox:support", "timer:outbox"). Every hub
 * derives the same key from the same name; the prefix keeps our keys apart from other users of the database.
 */
export function lockKey(name: string): string {
  const digest = createHash('sha256').update(`switchboard:${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}
