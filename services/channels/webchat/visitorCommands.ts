import { randomBytes } from 'node:crypto';
import type { Conversation, VisitorAttachment, VisitorCommandName, VisitorCommandOutput, visitorCommands } from '../../contracts';
import type { z } from 'zod';
import type { ContactCenter } from '../../hub/contactCenter';
import { KeyedRateLimiter } from '../../hub/rateLimit';
import { phrase } from '../../phrases';
import type { Store } from '../../store/store';
import { lineOf, toVisitorMessage } from './chatView';
import type { WebchatConfig } from './config';
import { VisitorFault } from './fault';
import type { FileStore } from './files';
import { sha256, type VisitorGateway, type VisitorSocket } from './gateway';
import type { CustomerHistory } from './history';
import type { Mailer } from './mailer';
import { chatLines, insertVisitor, type Visitor } from './repo';

type Input<N extends VisitorCommandName> = z.output<(typeof visitorCommands)[N]['input']>;
export type VisitorHandlers = { [N in VisitorCommandName]: (input: Input<N>, socket: VisitorSocket) => Promise<VisitorCommandOutput<N>> };

export type VisitorCommandDeps = Readonly<{
  gateway: VisitorGateway;
  center: ContactCenter;
  store: Store;
  config: WebchatConfig;
  files: FileStore;
  history: CustomerHistory;
  mailer: Mailer | null;
  smsAvailable: () => boolean;
  /** The email channel runs, so an agent can answer an offline message by email. */
  emailRepliesAvailable: () => boolean;
  now: () => number;
}>;

/** The visitor's side of a chat: every command after validation, rate limits and the envelope. */
export function visitorHandlers(deps: VisitorCommandDeps): VisitorHandlers {
  const { gateway, center, store, config, files, history, mailer, now } = deps;
  const transcriptsSent = new Map<number, number>();
  // Per address, not per chat or socket: new chats and sockets are cheap, mail and work items are not.
  const transcriptsByAddress = new KeyedRateLimiter(config.transcriptsPerAddressPerHour / 3600, config.transcriptsPerAddressPerHour);
  const offlineByAddress = new KeyedRateLimiter(config.offlinePerAddressPerHour / 3600, config.offlinePerAddressPerHour);

  /** Stores one visitor line (opening a chat when none is open) and answers only after COMMIT. */
  async function post(
    visitor: Visitor,
    clientId: string,
    text: string,
    extraMeta: Record<string, unknown>,
    beforeStore?: (open: Conversation | null, providerId: string) => Promise<Record<string, unknown>>,
  ) {
    return gateway.exclusive(visitor.id, async () => {
      const providerId = `webchat:${visitor.id}:${clientId}`;
      // A resend after a lost ack: answer with what was stored, store nothing new.
      const existing = await gateway.providerIdTaken(providerId);
      if (existing) return { message: toVisitorMessage(lineOf(existing, null)), duplicate: true };
      const current = await gateway.visitorForId(visitor.id);
      const open = await gateway.openConversation(current);
      if (!open) {
        const availability = gateway.availability(current.queueId);
        if (!availability.open) {
          throw new VisitorFault(
            'offline',
            availability.reason === 'outside_hours'
              ? 'we are closed right now; leave us a message'
              : 'no agent is available right now; leave us a message',
          );
        }
      }
      const meta: Record<string, unknown> = {
        clientId,
        visitorId: visitor.id,
        ...extraMeta,
        ...(beforeStore ? await beforeStore(open, providerId) : {}),
      };
      if (!open) meta.prechat = { name: current.name, email: current.email, phone: current.phone, verified: current.fromKind !== 'chat' };
      const result = await center.ingest({
        channel: 'chat',
        providerId,
        from: { kind: current.fromKind, value: current.fromValue, displayName: current.name },
        queueId: current.queueId,
        conversationId: open?.id,
        bodyText: text,
        meta,
      });
      await gateway.recordConversation(current, result.conversation);
      // A new chat from an anonymous visitor: what they typed may name a known customer (a suggestion only).
      if (!open && current.fromKind === 'chat' && result.outcome !== 'duplicate')
        gateway.suggestMatch(result.conversation.customerId, { email: current.email, phone: current.phone });
      return { message: toVisitorMessage(lineOf(result.message, null)), duplicate: result.outcome === 'duplicate' };
    });
  }

  function checkText(text: string): string {
    const trimmed = text.trim();
    if (!trimmed) throw new VisitorFault('invalid_input', 'the message is empty');
    if (trimmed.length > config.maxMessageChars)
      throw new VisitorFault('too_large', `messages are limited to ${config.maxMessageChars} characters`);
    return trimmed;
  }

  return {
    'chat/availability': async ({ queueId }) => ({
      ...gateway.availability(queueId),
      limits: {
        maxMessageChars: config.maxMessageChars,
        maxFileBytes: config.maxFileBytes,
        allowedFileTypes: config.allowedFileTypes,
        transcript: mailer !== null,
        historyByEmail: mailer !== null,
        historyBySms: deps.smsAvailable(),
        // Only when someone can answer it: by email, or by text message to the number the visitor leaves.
        offlineMessages:
          center.listQueues().some((q) => q.channels.includes('email')) && (deps.emailRepliesAvailable() || deps.smsAvailable()),
        replyByEmail: deps.emailRepliesAvailable(),
      },
      preChat: config.preChat,
    }),

    'chat/start': async (input, socket) => {
      const missing = missingPreChat(config.preChat, input);
      if (missing) throw new VisitorFault('invalid_input', `please give your ${missing}`);
      const availability = gateway.availability(input.queueId);
      if (!availability.open) {
        throw new VisitorFault(
          'offline',
          availability.reason === 'outside_hours'
            ? 'we are closed right now; leave us a message'
            : 'no agent is available right now; leave us a message',
        );
      }
      // A proven identity files the chat under the real customer; otherwise an anonymous chat id, and the
      // pre-chat details ride along as unverified (anyone can type anyone's email address into a form).
      const proven = input.historyToken ? await history.session(input.historyToken) : undefined;
      const { token, tokenHash } = gateway.newToken();
      const visitor = await store.write((tx) =>
        insertVisitor(tx, {
          tokenHash,
          queueId: input.queueId,
          // A field the admin turned off is not kept even if a client sends it.
          name: config.preChat.name === 'off' ? null : (input.name ?? null),
          email: config.preChat.email === 'off' ? null : (input.email ?? null),
          phone: config.preChat.phone === 'off' ? null : (input.phone ?? null),
          fromKind: proven ? proven.kind : 'chat',
          fromValue: proven ? proven.value : `web-${randomBytes(12).toString('base64url')}`,
          ip: socket.data.ip,
          at: now(),
        }),
      );
      await gateway.bind(socket, visitor);
      return gateway.sessionView(token, visitor);
    },

    'session/resume': async ({ token, afterMessageId }, socket) => {
      const visitor = await gateway.visitorForToken(token);
      await gateway.bind(socket, visitor);
      return gateway.sessionView(token, visitor, afterMessageId ?? 0);
    },

    'message/send': async ({ clientId, text }, socket) => {
      const visitor = await gateway.requireVisitor(socket);
      return post(visitor, clientId, checkText(text), {});
    },

    'typing/set': async ({ typing }, socket) => {
      const visitor = await gateway.requireVisitor(socket);
      if (visitor.conversationId === null || !gateway.takeTyping(`v:${visitor.id}`)) return {};
      const chat = gateway.liveChat(visitor.conversationId);
      if (chat?.agentId != null && (chat.state === 'active' || chat.state === 'wrap_up'))
        gateway.toAgent(chat.agentId, visitor.conversationId, typing);
      return {};
    },

    'message/read': async ({ upToMessageId }, socket) => {
      const visitor = await gateway.requireVisitor(socket);
      if (visitor.conversationId === null) return { updated: 0 };
      return { updated: await gateway.markRead(visitor.conversationId, 'out', upToMessageId) };
    },

    'file/upload': async (input, socket) => {
      const visitor = await gateway.requireVisitor(socket);
      // The file is on disk before the message that points at it is committed; if that message is not
      // stored (a failed ingest), the file goes at once, and the scheduled clean-up catches a crash in between.
      const upload: { saved?: VisitorAttachment; providerId?: string } = {};
      try {
        const result = await post(visitor, input.clientId, `Sent a file: ${input.name.slice(0, 200)}`, {}, async (open, providerId) => {
          upload.providerId = providerId;
          upload.saved = await files.save(
            { name: input.name, contentType: input.contentType, data: input.data },
            { clientKey: socket.data.key, conversationId: open?.id ?? null, providerId },
          );
          return { attachment: upload.saved };
        });
        if (upload.saved && result.message.attachment?.fileId !== upload.saved.fileId)
          await files.discard(upload.saved.fileId, upload.saved.size);
        return result;
      } catch (error) {
        const { saved, providerId } = upload;
        if (saved && providerId) {
          const stored = await gateway.providerIdTaken(providerId).catch(() => undefined);
          const kept = stored && JSON.stringify(stored.meta).includes(saved.fileId);
          if (!kept) await files.discard(saved.fileId, saved.size);
        }
        throw error;
      }
    },

    'chat/end': async (_input, socket) => {
      const visitor = await gateway.requireVisitor(socket);
      return gateway.exclusive(visitor.id, async () => gateway.endChat(await gateway.visitorForId(visitor.id)));
    },

    'transcript/email': async (input, socket) => {
      if (!mailer) throw new VisitorFault('unavailable', 'transcripts by email are not set up on this service');
      const visitor = await gateway.requireVisitor(socket);
      if (visitor.conversationId === null) throw new VisitorFault('conflict', 'there is no chat to send yet');
      const to = input.email ?? visitor.email;
      if (!to) throw new VisitorFault('invalid_input', 'which email address should the transcript go to?');
      const sent = transcriptsSent.get(visitor.conversationId) ?? 0;
      if (sent >= config.transcriptsPerChat) throw new VisitorFault('rate_limited', 'this transcript was already sent several times');
      if (!transcriptsByAddress.take(socket.data.key, now()))
        throw new VisitorFault('rate_limited', 'too many transcripts were sent from your network; try again later');
      transcriptsSent.set(visitor.conversationId, sent + 1);
      const lines = await chatLines(store, visitor.conversationId);
      const conversation = await center.requireConversation(visitor.conversationId);
      const language = gateway.languageOf(conversation.queueId);
      const text = lines
        .map((line) => {
          const m = toVisitorMessage(line, language);
          const who =
            m.from === 'visitor'
              ? phrase(language, 'chat.you')
              : m.from === 'agent'
                ? (m.agentName ?? phrase(language, 'chat.agent'))
                : '—';
          const file = m.attachment ? ` (${phrase(language, 'chat.file', { name: m.attachment.name })})` : '';
          return `[${new Date(m.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC] ${who}: ${m.text}${file}`;
        })
        .join('\n');
      await mailer.send({
        to,
        subject: phrase(language, 'chat.transcriptSubject'),
        text: `${phrase(language, 'chat.transcriptIntro')}\n\n${text}\n`,
      });
      return { sentTo: to };
    },

    'offline/submit': async (input, socket) => {
      const requested = center.queue(input.queueId);
      if (!requested) throw new VisitorFault('not_found', `there is no queue "${input.queueId}"`);
      // A resend of a stored message (lost ack) is answered from the store and costs nothing. The client picks
      // its ids, so the key is scoped by the sender's address: another sender's id can never swallow a message.
      const providerId = `webchat-offline:${sha256(input.email.trim().toLowerCase())}:${input.clientId}`;
      const resend = await gateway.providerIdTaken(providerId);
      if (!resend && !offlineByAddress.take(socket.data.key, now()))
        throw new VisitorFault('rate_limited', 'too many messages were left from your network; try again later');
      // Offline messages are email-like work: they wait in a queue that takes email.
      const queue = requested.channels.includes('email') ? requested : center.listQueues().find((q) => q.channels.includes('email'));
      if (!queue) throw new VisitorFault('unavailable', 'offline messages are not set up on this service');
      const text = checkText(input.message);
      const result = await center.ingest({
        channel: 'email',
        providerId,
        from: { kind: 'email', value: input.email, displayName: input.name },
        queueId: queue.id,
        subject: `Web chat message from ${input.name}`,
        bodyText: input.phone ? `${text}\n\nPhone: ${input.phone}` : text,
        meta: { source: 'webchat-offline', phone: input.phone ?? null, unverified: true },
      });
      return { received: true as const, reference: result.conversation.id };
    },

    'history/requestCode': async ({ kind, value, language }, socket) => history.requestCode(kind, value, socket.data.key, language),
    'history/verify': async ({ kind, value, code }, socket) => history.verify(kind, value, code, socket.data.key),
    'history/list': async ({ historyToken }) => history.list(historyToken),
    'history/get': async ({ historyToken, conversationId }) => history.get(historyToken, conversationId),
    'history/reply': async ({ historyToken, conversationId, clientId, text }) =>
      history.reply(historyToken, conversationId, clientId, text),
  };
}

const PRE_CHAT_WORDS = { name: 'name', email: 'email address', phone: 'phone number' } as const;

/** The first field the admin made required that the visitor left out, in words; fields set to off are dropped. */
function missingPreChat(need: WebchatConfig['preChat'], input: Readonly<{ name?: string; email?: string; phone?: string }>): string | null {
  for (const field of ['name', 'email', 'phone'] as const) {
    if (need[field] === 'required' && !input[field]?.trim()) return PRE_CHAT_WORDS[field];
  }
  return null;
}
