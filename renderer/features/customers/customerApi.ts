import type { ChannelKind, CommandInput, CommandOutput, HubCommandName } from '../../../services/contracts';
import { hubApi, type CommandArgs } from '../../app/api';

const cmd = <N extends HubCommandName>(name: N, input: CommandInput<N>): CommandArgs => ({ name, input });

export type TimelineArgs = Readonly<{ customerId: number; channels?: readonly ChannelKind[] }>;

/**
 * Customer 360 reads and writes, injected into the shared hub API (no edit to app/api.ts). Reads carry
 * per-customer tags so a `customer/changed` push refreshes exactly the records it names.
 */
export const customerApi = hubApi.enhanceEndpoints({ addTagTypes: ['Customer', 'Timeline', 'BackOffice', 'Suggestions'] }).injectEndpoints({
  endpoints: (build) => ({
    customerGet: build.query<CommandOutput<'customer/get'>, number>({
      query: (customerId) => cmd('customer/get', { customerId }),
      providesTags: (_r, _e, id) => [{ type: 'Customer', id }],
    }),
    customerTimeline: build.infiniteQuery<CommandOutput<'customer/timeline'>, TimelineArgs, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.nextCursor,
      },
      query: ({ queryArg, pageParam }) =>
        cmd('customer/timeline', {
          customerId: queryArg.customerId,
          limit: 50,
          ...(pageParam ? { cursor: pageParam } : {}),
          ...(queryArg.channels && queryArg.channels.length > 0 ? { channels: [...queryArg.channels] } : {}),
        }),
      providesTags: (_r, _e, arg) => [{ type: 'Timeline', id: arg.customerId }],
    }),
    customerBackOffice: build.query<CommandOutput<'customer/backOffice'>, Readonly<{ customerId: number; refresh?: boolean }>>({
      query: ({ customerId, refresh }) => cmd('customer/backOffice', { customerId, refresh: refresh ?? false }),
      providesTags: (_r, _e, arg) => [{ type: 'BackOffice', id: arg.customerId }],
    }),
    customerSuggestions: build.query<CommandOutput<'customer/suggestions'>, number>({
      query: (customerId) => cmd('customer/suggestions', { customerId, status: 'open', limit: 20 }),
      providesTags: (_r, _e, id) => [{ type: 'Suggestions', id }, { type: 'Customer', id }],
    }),
    customerSearch: build.query<CommandOutput<'customer/search'>, string>({
      query: (query) => cmd('customer/search', { query, limit: 20 }),
    }),
    addCustomerNote: build.mutation<CommandOutput<'customer/addNote'>, CommandInput<'customer/addNote'>>({
      query: (input) => cmd('customer/addNote', input),
      invalidatesTags: (_r, _e, arg) => [{ type: 'Customer', id: arg.customerId }],
    }),
    updateCustomer: build.mutation<CommandOutput<'customer/update'>, CommandInput<'customer/update'>>({
      query: (input) => cmd('customer/update', input),
      invalidatesTags: (_r, _e, arg) => [{ type: 'Customer', id: arg.customerId }],
    }),
    mergeCustomers: build.mutation<CommandOutput<'customer/merge'>, CommandInput<'customer/merge'>>({
      query: (input) => cmd('customer/merge', input),
      invalidatesTags: (_r, _e, arg) => [
        { type: 'Customer', id: arg.survivorId },
        { type: 'Customer', id: arg.mergedId },
        { type: 'Timeline', id: arg.survivorId },
        { type: 'Timeline', id: arg.mergedId },
      ],
    }),
    unmergeCustomers: build.mutation<CommandOutput<'customer/unmerge'>, CommandInput<'customer/unmerge'>>({
      query: (input) => cmd('customer/unmerge', input),
      invalidatesTags: (r) =>
        r
          ? [
              { type: 'Customer', id: r.merge.survivorId },
              { type: 'Customer', id: r.merge.mergedId },
              { type: 'Timeline', id: r.merge.survivorId },
              { type: 'Timeline', id: r.merge.mergedId },
            ]
          : [],
    }),
    dismissSuggestion: build.mutation<CommandOutput<'customer/dismissSuggestion'>, Readonly<{ suggestionId: number; customerId: number }>>({
      query: ({ suggestionId }) => cmd('customer/dismissSuggestion', { suggestionId }),
      invalidatesTags: (_r, _e, arg) => [{ type: 'Suggestions', id: arg.customerId }],
    }),
  }),
});

export const {
  useCustomerGetQuery,
  useCustomerTimelineInfiniteQuery,
  useCustomerBackOfficeQuery,
  useCustomerSuggestionsQuery,
  useCustomerSearchQuery,
  useAddCustomerNoteMutation,
  useUpdateCustomerMutation,
  useMergeCustomersMutation,
  useUnmergeCustomersMutation,
  useDismissSuggestionMutation,
} = customerApi;
