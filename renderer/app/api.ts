import { hubWords } from '../common/hubWords';
import { createApi, type BaseQueryFn, type EndpointBuilder, type ResultDescription } from '@reduxjs/toolkit/query/react';
import type { CommandInput, CommandOutput, HubCommandName, HubErrorShape } from '../../services/contracts';
import { offlineError } from './hubClient';
import type { StoreExtra } from './extra';
import { i18n } from '../i18n';

export type CommandArgs = Readonly<{ name: HubCommandName; input: unknown }>;

/** One hub command as a query argument: the name and its input, checked against each other. */
export const command = <N extends HubCommandName>(name: N, input: CommandInput<N>): CommandArgs => ({ name, input });

/** RTK Query over the hub's socket: every endpoint is one typed command; errors are the hub's own shape. */
const socketBaseQuery: BaseQueryFn<CommandArgs, unknown, HubErrorShape> = async (args, api) => {
  const transport = (api.extra as StoreExtra).link.current;
  if (!transport) return { error: offlineError() };
  const reply = await transport.command(args.name, args.input as never);
  return reply.ok ? { data: reply.data } : { error: reply.error };
};

type Tags<T extends string, R, A> = ResultDescription<T, R, A, HubErrorShape, unknown>;

/**
 * Endpoint definitions in one line each, typed from the command table: the result is the command's
 * output, a mutation's argument is the command's input, a query's argument is whatever `toInput` takes.
 * Works for the core API and for the features' injected endpoints (their extra tag types included).
 */
export function commandEndpoints<T extends string>(build: EndpointBuilder<typeof socketBaseQuery, T, 'hubApi'>) {
  return {
    commandQuery: <N extends HubCommandName, A = void>(
      name: N,
      toInput: (arg: A) => CommandInput<N>,
      options: Readonly<{ providesTags?: Tags<T, CommandOutput<N>, A> }> = {},
    ) => build.query<CommandOutput<N>, A>({ ...options, query: (arg) => command(name, toInput(arg)) }),
    commandMutation: <N extends HubCommandName>(
      name: N,
      options: Readonly<{ invalidatesTags?: Tags<T, CommandOutput<N>, CommandInput<N>> }> = {},
    ) => build.mutation<CommandOutput<N>, CommandInput<N>>({ ...options, query: (input) => command(name, input) }),
  };
}

/** A command without parameters (`session/me`, `queue/list`, ...): its query takes no argument either. */
export const noInput = (_: void): Readonly<Record<string, never>> => ({});

export const hubApi = createApi({
  reducerPath: 'hubApi',
  baseQuery: socketBaseQuery,
  tagTypes: ['Me', 'Mine', 'Conversation', 'Queues', 'Agents'],
  // Pushed events keep the cache fresh; refetch only when the link comes back (see cachePatches.ts).
  refetchOnReconnect: false,
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      sessionMe: commandQuery('session/me', noInput, { providesTags: ['Me'] }),
      conversationMine: commandQuery('conversation/mine', noInput, { providesTags: ['Mine'] }),
      conversationGet: commandQuery('conversation/get', (conversationId: number) => ({ conversationId }), {
        providesTags: (_r, _e, id) => [{ type: 'Conversation', id }],
      }),
      queueList: commandQuery('queue/list', noInput, { providesTags: ['Queues'] }),
      agentList: commandQuery('agent/list', noInput, { providesTags: ['Agents'] }),

      setPresence: commandMutation('presence/set'),
      acceptOffer: commandMutation('offer/accept'),
      rejectOffer: commandMutation('offer/reject'),
      sendMessage: commandMutation('message/send'),
      wrapUp: commandMutation('conversation/wrapUp'),
      closeConversation: commandMutation('conversation/close'),
      transfer: commandMutation('conversation/transfer'),
    };
  },
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
    const message = hubWords(error.message);
    return issues.length ? `${message}: ${issues.map((i) => i.message).join('; ')}` : message;
  }
  return i18n.t('errors.unknown', { ns: 'common' });
}
