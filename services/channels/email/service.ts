import type { EmailStatus } from '../../contracts';
import { serviceKey } from '../../hub/services';
import type { ReplyRequest } from './replies';
import type { Message, OutboxState } from '../../contracts';

/** What the email module publishes for its command handlers. */
export type EmailService = Readonly<{
  status(): Promise<EmailStatus>;
  send(request: ReplyRequest): Promise<{ message: Message; outboxId: number }>;
  retry(messageRowId: number): Promise<OutboxState>;
}>;

export const disabledStatus = (detail: string): EmailStatus => ({
  enabled: false,
  detail,
  mailboxes: [],
  smtp: { ok: false, detail: 'email channel disabled', since: 0 },
  outbox: { queued: 0, sending: 0, sent: 0, failed: 0 },
});

export const EMAIL = serviceKey<EmailService>('email');
