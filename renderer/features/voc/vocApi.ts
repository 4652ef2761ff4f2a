import type { ChannelKind, VocPeriod } from '../../../services/contracts';
import { commandEndpoints, hubApi } from '../../app/api';

export type BoardArgs = Readonly<{ period: VocPeriod; queueId?: string; channel?: ChannelKind; includeHidden?: boolean }>;
export type TopicMessagesArgs = Readonly<{ topicId: number; period?: VocPeriod; queueId?: string; channel?: ChannelKind }>;
export type CustomerVoiceArgs = Readonly<{ customerId: number; conversationId?: number }>;

/**
 * Voice of the customer reads and supervisor actions, injected into the shared API. A `voc/changed` push
 * (new analyses stored) invalidates the boards and the 360s of the customers it names (vocPatches.ts).
 */
export const vocApi = hubApi.enhanceEndpoints({ addTagTypes: ['VocBoard', 'VocCustomer', 'VocTopic'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    const topics = { invalidatesTags: ['VocBoard' as const, 'VocTopic' as const, 'VocCustomer' as const] };
    return {
      vocBoard: commandQuery('voc/board', (args: BoardArgs) => ({ ...args }), { providesTags: ['VocBoard'] }),
      vocTopicMessages: commandQuery('voc/topicMessages', (args: TopicMessagesArgs) => ({ ...args, limit: 50 }), {
        providesTags: (_r, _e, arg) => [{ type: 'VocTopic', id: arg.topicId }, 'VocBoard'],
      }),
      vocCustomer: commandQuery('voc/customer', (args: CustomerVoiceArgs) => ({ ...args }), {
        providesTags: (_r, _e, arg) => [{ type: 'VocCustomer', id: arg.customerId }],
      }),
      vocTopicUpdate: commandMutation('voc/topicUpdate', topics),
      vocTopicMerge: commandMutation('voc/topicMerge', topics),
      vocReanalyse: commandMutation('voc/reanalyse'),
    };
  },
});

export const {
  useVocBoardQuery,
  useVocTopicMessagesQuery,
  useVocCustomerQuery,
  useVocTopicUpdateMutation,
  useVocTopicMergeMutation,
  useVocReanalyseMutation,
} = vocApi;
