import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import {
  assertNever,
  HubCommands,
  HubError,
  type CommandParsedInput,
  type CustomerProfile,
  type publicRoutes,
  type PublicRouteName,
  type PublicRouteReply,
} from '../../contracts';
import { emailHandlers } from '../../channels/email/handlers';
import { telephonyHandlers } from '../../channels/telephony/handlers';
import { toIssues } from '../../hub/agentSocket';
import { coreHandlers } from '../../hub/coreHandlers';
import { searchCustomers } from '../../customers/search';
import { customerTimeline } from '../../customers/timeline';
import type { CommandContext } from '../../hub/commands';
import type { HubModuleContext } from '../../hub/module';
import { getProfile, listIdentities } from '../../identity/repo';
import { METRICS } from '../../metrics/module';
import { outboundHandlers } from '../../outbound/handlers';
import { getConversation } from '../../store/repos/conversations';
import type { Caller } from '../keys';
import {
  conversationChangesAfter,
  conversationsByIds,
  customersChangedAfter,
  hasInboundMessage,
  messagesAfter,
  messagesOfConversationAfter,
} from '../repo';
import { exportCustomer } from '../rights/customerExport';
import type { Eraser } from '../rights/erase';

type Spec<N extends PublicRouteName> = (typeof publicRoutes)[N];
type Part<S, K extends string> = S extends Record<K, z.ZodType> ? z.output<S[K]> : undefined;

/** What a handler gets: its parsed parameters, query and body, and who is calling. */
export type RouteInput<N extends PublicRouteName> = Readonly<{
  params: Part<Spec<N>, 'params'>;
  query: Part<Spec<N>, 'query'>;
  body: Part<Spec<N>, 'body'>;
  caller: Caller;
}>;

type JsonRoutes = Exclude<PublicRouteName, 'exportConversations' | 'exportMessages' | 'exportReport'>;
export type JsonHandlers = { [N in JsonRoutes]: (input: RouteInput<N>) => Promise<PublicRouteReply<N>> };

const numbers = (cursor: string | undefined): number[] => (cursor ? cursor.split(':').map(Number) : []);

/** One page of an id-ordered list: fetch limit + 1 to know whether there is more. */
function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

async function liveProfile(ctx: HubModuleContext, id: number): Promise<CustomerProfile> {
  return getProfile(ctx.store, id);
}

export function jsonHandlers(ctx: HubModuleContext, eraser: Eraser): JsonHandlers {
  const { store, center } = ctx;
  return {
    async customersList({ query }) {
      const [at = query.updated_since ?? 0, id = 0] = numbers(query.cursor);
      // Without a cursor, updated_since starts the sync just before that time.
      const after = query.cursor ? { at, id } : { at: (query.updated_since ?? 0) - 1, id: Number.MAX_SAFE_INTEGER };
      const rows = await customersChangedAfter(store, after, query.limit + 1);
      const page = pageOf(rows, query.limit, (r) => `${r.changed_at}:${r.id}`);
      const items = [];
      for (const r of page.items) items.push(await liveProfile(ctx, r.id));
      // The last page still hands back a cursor to resume from, so a partner never re-reads what it has.
      const last = page.items.at(-1);
      return { items, nextCursor: page.nextCursor ?? (last ? `${last.changed_at}:${last.id}` : (query.cursor ?? null)) };
    },

    async customersSearch({ query }) {
      return { items: await searchCustomers(store, query.q, query.limit, ctx.config.defaultRegion as CountryCode) };
    },

    async customerGet({ params }) {
      return liveProfile(ctx, params.id);
    },

    async customerIdentities({ params }) {
      await liveProfile(ctx, params.id);
      return { items: await listIdentities(store, params.id) };
    },

    async customerTimeline({ params, query }) {
      await liveProfile(ctx, params.id);
      return customerTimeline(store, { customerId: params.id, cursor: query.cursor, limit: query.limit });
    },

    async customerExport({ params }) {
      return exportCustomer(store, params.id, ctx.now());
    },

    async customerErase({ params, query, caller }) {
      return eraser.erase(params.id, { reason: query.reason, actor: caller.actor });
    },

    async conversationsList({ query }) {
      const [after = 0] = numbers(query.cursor);
      // The change feed is the event log: every change to a conversation appends a row, committed with it.
      const scan = await conversationChangesAfter(store, after, Math.max(2000, query.limit * 20));
      const ids: number[] = [];
      const seen = new Set<number>();
      let cursor = after;
      for (const row of scan) {
        if (!seen.has(row.conversation_id)) {
          if (ids.length === query.limit) break;
          seen.add(row.conversation_id);
          ids.push(row.conversation_id);
        }
        cursor = row.seq;
      }
      const byId = new Map((await conversationsByIds(store, ids)).map((c) => [c.id, c]));
      // Erased or expired conversations drop out (their events stay, anonymised, for the figures).
      const items = ids.flatMap((id) => byId.get(id) ?? []);
      return { items, nextCursor: String(cursor) };
    },

    async conversationGet({ params }) {
      const c = await getConversation(store, params.id);
      if (!c) throw new HubError('not_found', `no conversation ${params.id}`);
      return c;
    },

    async conversationMessages({ params, query }) {
      if (!(await getConversation(store, params.id))) throw new HubError('not_found', `no conversation ${params.id}`);
      const [after = 0] = numbers(query.cursor);
      const rows = await messagesOfConversationAfter(store, params.id, after, query.limit + 1);
      return pageOf(rows, query.limit, (m) => String(m.id));
    },

    async messagesList({ query }) {
      const [after = 0] = numbers(query.cursor);
      // Message ids grow in commit order (one writer), so "after this id" never skips a later commit.
      const rows = await messagesAfter(store, after, query.limit + 1);
      const page = pageOf(rows, query.limit, (m) => String(m.id));
      return { items: page.items, nextCursor: page.nextCursor ?? String(page.items.at(-1)?.id ?? after) };
    },

    async conversationCreate({ body, caller }) {
      const agent = center.agent(body.agentId);
      if (!agent || agent.disabledAt !== null)
        throw new HubError('invalid_input', `no active agent ${body.agentId}`, [{ path: 'agentId', message: 'not an active agent' }]);
      // The desk's own handler: same checks, same queue choice, same thread key.
      const commandCtx: CommandContext = {
        ...ctx,
        agentId: agent.id,
        role: agent.role,
        tokenHash: `apiKey:${caller.apiKeyId ?? 'console'}`,
      };
      const { agentId: _agentId, ...input } = body;
      return outboundHandlers['conversation/startOutbound'](input, commandCtx);
    },

    async messageCreate({ params, body, caller }) {
      const conversation = await getConversation(store, params.id);
      if (!conversation) throw new HubError('not_found', `no conversation ${params.id}`);
      const holder = center.holderOf(params.id);
      const agent = holder === null ? undefined : center.agent(holder);
      if (!agent) throw new HubError('conflict', 'no agent holds this conversation; messages are sent as the agent who holds it');
      // The desk's own command for the channel, as the holder: SMS opt-outs and length, email threading and
      // the outbox, chat delivery are checked and done exactly as when the agent sends it.
      const asHolder: CommandContext = { ...ctx, agentId: agent.id, role: agent.role, tokenHash: `apiKey:${caller.apiKeyId ?? 'console'}` };
      const input = <N extends 'message/send' | 'sms/send' | 'email/send'>(name: N, value: unknown): CommandParsedInput<N> => {
        const parsed = HubCommands[name].input.safeParse(value);
        if (!parsed.success) throw new HubError('invalid_input', `not a valid ${conversation.channel} message`, toIssues(parsed.error));
        return parsed.data as CommandParsedInput<N>;
      };
      const channel = conversation.channel;
      switch (channel) {
        case 'chat':
          return coreHandlers['message/send'](input('message/send', { conversationId: params.id, bodyText: body.bodyText }), asHolder);
        case 'sms':
          return telephonyHandlers['sms/send'](input('sms/send', { conversationId: params.id, bodyText: body.bodyText }), asHolder);
        case 'email': {
          const mode = (await hasInboundMessage(store, params.id)) ? 'reply' : 'new';
          const sent = await emailHandlers['email/send'](
            input('email/send', { conversationId: params.id, mode, bodyText: body.bodyText }),
            asHolder,
          );
          return sent.message;
        }
        case 'voice':
          throw new HubError('invalid_input', 'a phone call takes no written messages', [
            { path: 'params.id', message: 'a voice conversation' },
          ]);
        default:
          return assertNever(channel);
      }
    },

    async queuesList() {
      const stats = new Map(center.queueStats().map((s) => [s.queueId, s]));
      return {
        items: center.listQueues().map((queue) => ({
          queue,
          stats: stats.get(queue.id) ?? {
            queueId: queue.id,
            waiting: 0,
            oldestWaitingSince: null,
            offered: 0,
            active: 0,
            agentsAvailable: 0,
            agentsBusy: 0,
            agentsAway: 0,
          },
        })),
      };
    },

    async agentsList() {
      return {
        items: center.snapshots().map((a) => ({
          id: a.id,
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          presence: a.presence,
          state: a.state,
          connected: a.connected,
        })),
      };
    },

    async reportGet({ query }) {
      return ctx.services.require(METRICS).report(query.from, query.to);
    },
  };
}
