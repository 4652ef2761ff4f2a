import { commandEndpoints, hubApi } from '../../app/api';

/** conversation/startOutbound: the new conversation also arrives as a conversation/updated push. */
export const outboundApi = hubApi.enhanceEndpoints({ addTagTypes: ['Timeline'] }).injectEndpoints({
  endpoints: (build) => ({
    startOutbound: commandEndpoints(build).commandMutation('conversation/startOutbound', {
      invalidatesTags: (_r, _e, arg) => ['Mine', { type: 'Timeline', id: arg.customerId }],
    }),
  }),
});

export const { useStartOutboundMutation } = outboundApi;
