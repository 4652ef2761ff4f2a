import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import type { CommandInput, CommandOutput, HubCommandName, HubErrorShape } from '../../services/contracts';
import { offlineError } from './hubClient';
import type { StoreExtra } from './extra';

export type CommandArgs = Readonly<{ name: HubCommandName; input: unknown }>;

const cmd = <N extends HubCommandName>(name: N, input: CommandInput<N>): CommandArgs => ({ name, input });

/** RTK Query over the hub's socket: every endpoint is one typed command; errors are the hub's own shape. */
const socketBaseQuery: BaseQueryFn<CommandArgs, unknown, HubErrorShape> = async (args, api) => {
  const transport = (api.extra as StoreExtra).link.current;
  if (!transport) return { error: offlineError };
  const reply = await transport.command(args.name, args.input as never);
  return reply.ok ? { data: reply.data } : { error: reply.error };
};

export const hubApi = createApi({
  reducerPath: 'hubApi',
  baseQuery: socketBaseQuery,
  tagTypes: ['Me', 'Mine', 'Conversation', 'Queues', 'Agents'],
  // Pushed events keep the cache fresh; refetch only when the link comes back (see cachePatches.ts).
  refetchOnReconnect: false,
  endpoints: (build) => ({
    sessionMe: build.query<CommandOutput<'session/me'>, void>({ query: () => cmd('session/me', {}), providesTags: ['Me'] }),
    conversationMine: build.query<CommandOutput<'conversation/mine'>, void>({
      query: () => cmd('conversation/mine', {}),
      providesTags: ['Mine'],
    }),
    conversationGet: build.query<CommandOutput<'conversation/get'>, number>({
      query: (conversationId) => cmd('conversation/get', { conversationId }),
      providesTags: (_r, _e, id) => [{ type: 'Conversation', id }],
    }),
    queueList: build.query<CommandOutput<'queue/list'>, void>({ query: () => cmd('queue/list', {}), providesTags: ['Queues'] }),
    agentList: build.query<CommandOutput<'agent/list'>, void>({ query: () => cmd('agent/list', {}), providesTags: ['Agents'] }),

    setPresence: build.mutation<CommandOutput<'presence/set'>, CommandInput<'presence/set'>>({
      query: (input) => cmd('presence/set', input),
    }),
    acceptOffer: build.mutation<CommandOutput<'offer/accept'>, CommandInput<'offer/accept'>>({
      query: (input) => cmd('offer/accept', input),
    }),
    rejectOffer: build.mutation<CommandOutput<'offer/reject'>, CommandInput<'offer/reject'>>({
      query: (input) => cmd('offer/reject', input),
    }),
    sendMessage: build.mutation<CommandOutput<'message/send'>, CommandInput<'message/send'>>({
      query: (input) => cmd('message/send', input),
    }),
    wrapUp: build.mutation<CommandOutput<'conversation/wrapUp'>, CommandInput<'conversation/wrapUp'>>({
      query: (input) => cmd('conversation/wrapUp', input),
    }),
    closeConversation: build.mutation<CommandOutput<'conversation/close'>, CommandInput<'conversation/close'>>({
      query: (input) => cmd('conversation/close', input),
    }),
    transfer: build.mutation<CommandOutput<'conversation/transfer'>, CommandInput<'conversation/transfer'>>({
      query: (input) => cmd('conversation/transfer', input),
    }),
  }),
});

export const {
  useSessionMeQuery,
  useConversationMineQuery,
  useConversationGetQuery,
  useQueueListQuery,
  useAgentListQuery,
  useSetPresenceMutation,
  useAcceptOfferMutation,
  useRejectOfferMutation,
  useSendMessageMutation,
  useWrapUpMutation,
  useCloseConversationMutation,
  useTransferMutation,
} = hubApi;

/** A hub error as one sentence for the UI. */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const issues = 'issues' in error && Array.isArray(error.issues) ? (error.issues as Array<{ message: string }>) : [];
    return issues.length ? `${error.message}: ${issues.map((i) => i.message).join('; ')}` : error.message;
  }
  return 'something went wrong';
}
