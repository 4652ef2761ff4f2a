import path from 'node:path';
import type { EmailStatus, Message } from '../../contracts';
import type { ChannelAdapter } from '../../hub/channels';
import type { HubModule, HubModuleContext } from '../../hub/module';
import { SUPERVISORS } from '../../hub/push';
import { baseAddress } from './addresses';
import { AttachmentStore } from './attachmentStore';
import { EmailConfig } from './config';
import { InboundProcessor } from './inbound';
import { MailboxWatcher } from './mailboxWatcher';
import { Outbox } from './outbox';
import { enqueueReply, type ReplyDeps } from './replies';
import { orphanedOutbound, outboxByMessageRow, outboxCounts, releaseHeld } from './repo';
import { disabledStatus, EMAIL_SERVICE, type EmailService } from './service';
import { registerSourceRoute } from './sourceRoute';
import { sql } from '../../store/sql';
import { toMessage } from '../../store/repos/messages';
import { getConversation } from '../../store/repos/conversations';
import { HubError } from '../../contracts';

type Running = {
  ctx: HubModuleContext;
  config: EmailConfig;
  watchers: MailboxWatcher[];
  outbox: Outbox;
  replyDeps: ReplyDeps;
};

/**
 * The email channel: one IMAP watcher per configured mailbox, the SMTP outbox, a ChannelAdapter so
 * plain message/send on an email conversation becomes a reply, and the email/* commands' service.
 * Absent or invalid `config.email` disables it with a status saying why; the hub runs on.
 */
export function createEmailModule(): HubModule {
  let running: Running | null = null;
  let disabled: EmailStatus | null = null;
  let statusTimer: NodeJS.Timeout | null = null;

  const status = async (): Promise<EmailStatus> => {
    if (!running) return disabled ?? disabledStatus('email channel not started');
    const mailboxes = running.watchers.map((w) => w.status());
    const connected = mailboxes.filter((m) => m.state === 'connected').length;
    return {
      enabled: true,
      detail: `${connected}/${mailboxes.length} mailboxes connected`,
      mailboxes,
      smtp: running.outbox.smtp,
      outbox: await outboxCounts(running.ctx.store),
    };
  };

  /** Coalesced push to supervisors: a reconnect storm is one event per 200 ms at most. */
  const pushStatus = (): void => {
    if (!running || statusTimer) return;
    const { ctx } = running;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      void (async () => {
        try {
          ctx.io.of('/agent').to(SUPERVISORS).emit('email/status', await status());
        } catch (error) {
          ctx.log.warn({ err: error }, 'email status push failed');
        }
      })();
    }, 200);
    statusTimer.unref();
  };

  return {
    name: 'email',
    async register(ctx) {
      const parsed = ctx.config.email === undefined ? null : EmailConfig.safeParse(ctx.config.email);
      if (parsed === null || !parsed.success) {
        const detail =
          parsed === null
            ? 'email channel not configured (config.email absent)'
            : `email channel disabled: invalid config.email: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
        if (parsed !== null) ctx.log.error(detail);
        disabled = disabledStatus(detail);
        ctx.services.provide<EmailService>(EMAIL_SERVICE, {
          status: async () => disabled ?? disabledStatus(detail),
          send: () => Promise.reject(new HubError('channel_unavailable', detail)),
          retry: () => Promise.reject(new HubError('channel_unavailable', detail)),
        });
        return;
      }
      const config = parsed.data;
      const files = new AttachmentStore(path.join(ctx.dataDir, 'email', 'attachments'));
      await files.init();
      registerSourceRoute(ctx.app, { store: ctx.store, center: ctx.center, files, now: ctx.now });
      const ownAddresses = new Set(config.mailboxes.map((m) => baseAddress(m.address)));
      const processor = new InboundProcessor({ center: ctx.center, store: ctx.store, attachments: files, config, ownAddresses, now: ctx.now, log: ctx.log });
      const watchers = config.mailboxes.map(
        (mailbox) =>
          new MailboxWatcher(mailbox, {
            store: ctx.store,
            processor,
            config,
            queueExists: (id) => ctx.center.queue(id) !== undefined,
            now: ctx.now,
            log: ctx.log,
            onStatus: pushStatus,
          }),
      );
      const outbox = new Outbox({
        store: ctx.store,
        center: ctx.center,
        config,
        files,
        now: ctx.now,
        log: ctx.log,
        onStatus: pushStatus,
        appendSent: async (mailboxId, raw) => {
          await watchers.find((w) => w.mailbox.id === mailboxId)?.appendSent(raw);
        },
      });
      const replyDeps: ReplyDeps = { store: ctx.store, center: ctx.center, config, files, ownAddresses, now: ctx.now, wake: () => outbox.wake() };
      running = { ctx, config, watchers, outbox, replyDeps };

      const adapter: ChannelAdapter = {
        kind: 'email',
        // message/send committed the message ('queued'); it becomes a plain reply through the outbox.
        deliver: async ({ conversation, message, agent }) => {
          await enqueueReply(replyDeps, { agentId: agent.id, conversation, mode: 'reply', bodyText: message.bodyText, existingMessageId: message.id });
        },
        status: () => {
          const states = watchers.map((w) => w.status());
          const bad = states.filter((s) => s.state !== 'connected');
          return { ok: bad.length === 0 && outbox.smtp.ok, detail: bad.length === 0 ? `all ${states.length} mailboxes connected; smtp: ${outbox.smtp.detail}` : bad.map((s) => `${s.id}: ${s.detail}`).join('; ') };
        },
      };
      ctx.channels.register(adapter);
      ctx.services.provide<EmailService>(EMAIL_SERVICE, {
        status,
        send: (request) => enqueueReply(replyDeps, request),
        retry: async (messageRowId) => {
          const row = await outboxByMessageRow(ctx.store, messageRowId);
          if (!row) throw new HubError('not_found', `message ${messageRowId} has no outbound email`);
          if (row.state !== 'failed') throw new HubError('conflict', `the email is ${row.state}, not failed`);
          return (await outbox.retry(row.id))?.state ?? 'queued';
        },
      });
    },

    async start() {
      if (!running) return;
      const { ctx, watchers, outbox, replyDeps } = running;
      await ctx.store.write((tx) => releaseHeld(tx, ctx.now()));
      await recoverOrphans(replyDeps);
      outbox.start();
      for (const w of watchers) w.start();
    },

    async stop() {
      if (statusTimer) clearTimeout(statusTimer);
      statusTimer = null;
      if (!running) return;
      const { watchers, outbox } = running;
      await Promise.all(watchers.map((w) => w.stop()));
      await outbox.stop();
      running = null;
    },
  };
}

/** message/send committed but the hub stopped before the outbox row was written: write it now. */
async function recoverOrphans(deps: ReplyDeps): Promise<void> {
  for (const id of await orphanedOutbound(deps.store)) {
    const row = await deps.store.get<Parameters<typeof toMessage>[0]>(sql`SELECT * FROM message WHERE id = ${id}`);
    if (!row) continue;
    const message: Message = toMessage(row);
    const conversation = await getConversation(deps.store, message.conversationId);
    if (!conversation) continue;
    try {
      await enqueueReply(deps, { agentId: message.authorAgentId ?? 0, conversation, mode: 'reply', bodyText: message.bodyText, existingMessageId: message.id });
    } catch (error) {
      await deps.center.setMessageStatus(message.id, 'failed', { error: `could not queue the email: ${(error as Error).message}` });
    }
  }
}
