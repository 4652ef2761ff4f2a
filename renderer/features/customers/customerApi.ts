import type { ChannelKind, CommandOutput } from '../../../services/contracts';
import { command, commandEndpoints, hubApi } from '../../app/api';

export type TimelineArgs = Readonly<{ customerId: number; channels?: readonly ChannelKind[] }>;

/**
 * Customer 360 reads and writes, injected into the shared hub API (no edit to app/api.ts). Reads carry
 * per-customer tags so a `customer/changed` push refreshes exactly the records it names.
 */
export const customerApi = hubApi.enhanceEndpoints({ addTagTypes: ['Customer', 'Timeline', 'BackOffice', 'Suggestions'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      customerGet: commandQuery('customer/get', (customerId: number) => ({ customerId }), {
        providesTags: (_r, _e, id) => [{ type: 'Customer', id }],
      }),
      customerTimeline: build.infiniteQuery<CommandOutput<'customer/timeline'>, TimelineArgs, string | null>({
        infiniteQueryOptions: {
          initialPageParam: null,
          getNextPageParam: (last) => last.nextCursor,
        },
        query: ({ queryArg, pageParam }) =>
          command('customer/timeline', {
            customerId: queryArg.customerId,
            limit: 50,
            ...(pageParam ? { cursor: pageParam } : {}),
            ...(queryArg.channels && queryArg.channels.length > 0 ? { channels: [...queryArg.channels] } : {}),
          }),
        providesTags: (_r, _e, arg) => [{ type: 'Timeline', id: arg.customerId }],
      }),
      customerBackOffice: commandQuery(
        'customer/backOffice',
        ({ customerId, refresh }: Readonly<{ customerId: number; refresh?: boolean }>) => ({ customerId, refresh: refresh ?? false }),
        { providesTags: (_r, _e, arg) => [{ type: 'BackOffice', id: arg.customerId }] },
      ),
      customerSuggestions: commandQuery('customer/suggestions', (customerId: number) => ({ customerId, status: 'open', limit: 20 }), {
        providesTags: (_r, _e, id) => [{ type: 'Suggestions', id }],
      }),
      customerSearch: commandQuery('customer/search', (query: string) => ({ query, limit: 20 })),
      addCustomerNote: commandMutation('customer/addNote', {
        invalidatesTags: (_r, _e, arg) => [{ type: 'Customer', id: arg.customerId }],
      }),
      updateCustomer: commandMutation('customer/update', {
        // The suggestions show the customers' names: a renamed record is a changed suggestion too.
        invalidatesTags: (_r, _e, arg) => [
          { type: 'Customer', id: arg.customerId },
          { type: 'Suggestions', id: arg.customerId },
        ],
      }),
      mergeCustomers: commandMutation('customer/merge', {
        invalidatesTags: (_r, _e, arg) => [
          { type: 'Customer', id: arg.survivorId },
          { type: 'Customer', id: arg.mergedId },
          { type: 'Suggestions', id: arg.survivorId },
          { type: 'Suggestions', id: arg.mergedId },
          { type: 'Timeline', id: arg.survivorId },
          { type: 'Timeline', id: arg.mergedId },
        ],
      }),
      unmergeCustomers: commandMutation('customer/unmerge', {
        invalidatesTags: (r) =>
          r
            ? [
                { type: 'Customer', id: r.merge.survivorId },
                { type: 'Customer', id: r.merge.mergedId },
                { type: 'Suggestions', id: r.merge.survivorId },
                { type: 'Suggestions', id: r.merge.mergedId },
                { type: 'Timeline', id: r.merge.survivorId },
                { type: 'Timeline', id: r.merge.mergedId },
              ]
            : [],
      }),
      // The hub takes only the suggestion id; the customer id names the cache entry to refresh.
      dismissSuggestion: build.mutation<
        CommandOutput<'customer/dismissSuggestion'>,
        Readonly<{ suggestionId: number; customerId: number }>
      >({
        query: ({ suggestionId }) => command('customer/dismissSuggestion', { suggestionId }),
        invalidatesTags: (_r, _e, arg) => [{ type: 'Suggestions', id: arg.customerId }],
      }),
    };
  },
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
