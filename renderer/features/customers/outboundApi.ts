import type { CommandInput, CommandOutput } from '../../../services/contracts';
import { hubApi } from '../../app/api';

/** conversation/startOutbound: the new conversation also arrives as a conversation/updated push. */
export const outboundApi = hubApi.enhanceEndpoints({ addTagTypes: ['Timeline'] }).injectEndpoints({
  endpoints: (build) => ({
    startOutbound: build.mutation<CommandOutput<'conversation/startOutbound'>, CommandInput<'conversation/startOutbound'>>({
      query: (input) => ({ name: 'conversation/startOutbound', input }),
      invalidatesTags: (_r, _e, arg) => ['Mine', { type: 'Timeline', id: arg.customerId }],
    }),
  }),
});

export const { useStartOutboundMutation } = outboundApi;
