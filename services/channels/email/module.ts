import path from 'node:path';
import { migration0003 } from './migrations/0003-email';
import { migration0006 } from './migrations/0006-email-outbox-handoff';
import type { emailCommands, EmailStatus, Message } from '../../contracts';
import type { ChannelAdapter } from '../../hub/channels';
import type { HubModule, HubModuleContext, ModuleRunning } from '../../hub/module';
import { SUPERVISORS } from '../../hub/push';
import { provide } from '../../hub/services';
import { baseAddress } from './addresses';
import { AttachmentStore } from './attachmentStore';
import { EmailConfig } from './config';
import { InboundProcessor } from './inbound';
import { MailboxWatcher, type WatcherDeps } from './mailboxWatcher';
import type { MailboxConfig } from './config';
import type { MailboxStatus } from '../../contracts';
import { Outbox } from './outbox';
import { enqueueReply, type ReplyDeps } from './replies';
import { getMessageById, orphanedOutbound, outboxByMessageRow, outboxCounts, releaseHeld } from './repo';
import { emailHandlers } from './handlers';
import { EMAIL, type EmailService } from './service';
import { registerSourceRoute } from './sourceRoute';
import { getConversation } from '../../store/repos/conversations';
import { HubError, offReasons } from '../../contracts';
import { AckWorker } from '../../acknowledgements/worker';
import { emailAckSender } from './acknowledgement';
import type { SingletonHandle } from '../../cluster/singletons';

/** What reads one mailbox: the IMAP watcher, or (the demo) a source fed in process through the same processor. */
export type MailboxSource = Readonly<{
  mailbox: MailboxConfig;
  status(): MailboxStatus;
  start(): void;
  stop(): Promise<void>;
  appendSent(raw: Buffer): Promise<void>;
}>;

export type EmailModuleOptions = Readonly<{
  /**
   * Who reads each mailbox; default an IMAP watcher. `npm run demo` runs no IMAP server and plugs in a source
   * that hands simulated customers' mail to the same InboundProcessor the watcher calls after a FETCH.
   */
  mailboxSource?: (mailbox: MailboxConfig, deps: WatcherDeps) => MailboxSource;
}>;

/**
 * The email channel: one IMAP watcher per configured mailbox, the SMTP outbox, a ChannelAdapter so
 * plain message/send on an email conversation becomes a reply, and the email/* commands' service.
 * Absent or invalid `config.email` turns it off with the reason (email/status says it); the hub runs on.
 */
export function emailModule(options: EmailModuleOptions = {}): HubModule<keyof typeof emailCommands> {
  return {
    name: 'email',
    migrations: [migration0003, migration0006],
    handlers: emailHandlers,
    configSection: { key: 'email', live: 'email', schema: EmailConfig },
    // Sources of stored mail stay downloadable whatever the channel's settings are now.
    routes(app, ctx) {
      registerSourceRoute(app, { store: ctx.store, auth: ctx.auth, files: attachmentStore(ctx) });
    },
    async setup(ctx) {
      const parsed = ctx.config.email === undefined ? null : EmailConfig.safeParse(ctx.config.email);
      if (parsed === null || !parsed.success) {
        // People read the reason (email/status, a failed send); the key paths are for the log only.
        if (parsed === null) ctx.log.info('email: off (no "email" section in the hub config)');
        else
          ctx.log.error(
            `email: off, invalid config.email: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        return { enabled: false, reason: parsed === null ? offReasons.emailAbsent : offReasons.emailInvalid };
      }
      return runEmail(ctx, parsed.data, options.mailboxSource ?? ((mailbox, deps) => new MailboxWatcher(mailbox, deps)));
    },
  };
}

const attachmentStore = (ctx: HubModuleContext) => new AttachmentStore(path.join(ctx.dataDir, 'email', 'attachments'));

async function runEmail(
  ctx: HubModuleContext,
  config: EmailConfig,
  sourceFor: NonNullable<EmailModuleOptions['mailboxSource']>,
): Promise<ModuleRunning> {
  const files = attachmentStore(ctx);
  await files.init();
  const ownAddresses = new Set(config.mailboxes.map((m) => baseAddress(m.address)));
  const processor = new InboundProcessor({
    center: ctx.center,
    store: ctx.store,
    attachments: files,
    config,
    ownAddresses,
    now: ctx.now,
    log: ctx.log,
  });
  let statusTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const singletons: SingletonHandle[] = [];

  const status = async (): Promise<EmailStatus> => {
    const mailboxes = watchers.map((w) => w.status());
    const connected = mailboxes.filter((m) => m.state === 'connected').length;
    return {
      enabled: true,
      detail: `${connected}/${mailboxes.length} mailboxes connected`,
      mailboxes,
      smtp: outbox.smtp,
      outbox: await outboxCounts(ctx.store),
    };
  };

  /** Coalesced push to supervisors: a reconnect storm is one event per 200 ms at most. */
  const pushStatus = (): void => {
    if (stopped || statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      void (async () => {
        try {
          ctx.push.to(SUPERVISORS).emit('email/status', await status());
        } catch (error) {
          ctx.log.warn({ err: error }, 'email status push failed');
        }
      })();
    }, 200);
    statusTimer.unref();
  };

  const watchers = config.mailboxes.map((mailbox) =>
    sourceFor(mailbox, {
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
  const replyDeps: ReplyDeps = {
    store: ctx.store,
    center: ctx.center,
    config,
    files,
    ownAddresses,
    now: ctx.now,
    wake: () => outbox.wake(),
  };

  const acks = new AckWorker({
    store: ctx.store,
    queue: (id) => ctx.center.queue(id),
    sender: emailAckSender({ ...replyDeps }),
    now: ctx.now,
    log: ctx.log,
  });
  const unlisten = ctx.center.onMessage((c, m) => {
    if (c.channel === 'email' && m.direction === 'in') acks.wake();
  });

  const adapter: ChannelAdapter = {
    kind: 'email',
    // message/send committed the message ('queued'); it becomes a plain reply through the outbox.
    deliver: async ({ conversation, message, agent }) => {
      await enqueueReply(replyDeps, {
        agentId: agent.id,
        conversation,
        mode: 'reply',
        bodyText: message.bodyText,
        existingMessageId: message.id,
      });
    },
    status: () => {
      const states = watchers.map((w) => w.status());
      const bad = states.filter((s) => s.state !== 'connected');
      return {
        ok: bad.length === 0 && outbox.smtp.ok,
        detail:
          bad.length === 0
            ? `all ${states.length} mailboxes connected; smtp: ${outbox.smtp.detail}`
            : bad.map((s) => `${s.id}: ${s.detail}`).join('; '),
      };
    },
  };
  const service: EmailService = {
    status,
    send: (request) => enqueueReply(replyDeps, request),
    retry: async (messageRowId) => {
      const row = await outboxByMessageRow(ctx.store, messageRowId);
      if (!row) throw new HubError('not_found', `message ${messageRowId} has no outbound email`);
      if (row.state !== 'failed') throw new HubError('conflict', `the email is ${row.state}, not failed`);
      return (await outbox.retry(row.id))?.state ?? 'queued';
    },
  };

  return {
    enabled: true,
    services: [provide(EMAIL, service)],
    adapters: [adapter],
    async start() {
      // Each runs on one hub at a time (team mode: a lock each; a hub that dies hands them on).
      singletons.push(
        ctx.singletons.run('email-outbox', {
          start: async () => {
            await ctx.store.write((tx) => releaseHeld(tx, ctx.now()));
            await recoverOrphans(replyDeps);
            outbox.start();
          },
          stop: () => outbox.stop(),
        }),
        // Decides what came in while the hub was down (past the watermark), then follows new mail.
        ctx.singletons.run('email-acks', { start: () => acks.start(), stop: () => acks.stop() }),
        // A mailbox watched by two hubs would race on the same UIDs: one watcher per mailbox, cluster-wide.
        ...watchers.map((w) => ctx.singletons.run(`mailbox:${w.mailbox.id}`, { start: () => w.start(), stop: () => w.stop() })),
      );
      await Promise.all(singletons.map((s) => s.ready));
    },
    async stop() {
      stopped = true;
      if (statusTimer) clearTimeout(statusTimer);
      statusTimer = null;
      unlisten();
      await Promise.all(singletons.splice(0).map((s) => s.stop()));
    },
  };
}

/** message/send committed but the hub stopped before the outbox row was written: write it now. */
async function recoverOrphans(deps: ReplyDeps): Promise<void> {
  for (const id of await orphanedOutbound(deps.store)) {
    const message: Message | undefined = await getMessageById(deps.store, id);
    if (!message) continue;
    const conversation = await getConversation(deps.store, message.conversationId);
    if (!conversation) continue;
    try {
      await enqueueReply(deps, {
        agentId: message.authorAgentId ?? 0,
        conversation,
        mode: 'reply',
        bodyText: message.bodyText,
        existingMessageId: message.id,
      });
    } catch (error) {
      await deps.center.setMessageStatus(message.id, 'failed', { error: `could not queue the email: ${(error as Error).message}` });
    }
  }
}
