import { commandEndpoints, hubApi, noInput } from '../../../app/api';

/** The platform admin commands (services/contracts/platform.ts) on the shared RTK Query API. */
export const platformApi = hubApi.enhanceEndpoints({ addTagTypes: ['ApiKeys', 'Webhooks', 'Deliveries', 'Retention'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      apiKeys: commandQuery('platform/apiKeys', noInput, { providesTags: ['ApiKeys'] }),
      createApiKey: commandMutation('platform/apiKeyCreate', { invalidatesTags: ['ApiKeys'] }),
      revokeApiKey: commandMutation('platform/apiKeyRevoke', { invalidatesTags: ['ApiKeys'] }),
      webhooks: commandQuery('platform/webhooks', noInput, { providesTags: ['Webhooks'] }),
      createWebhook: commandMutation('platform/webhookCreate', { invalidatesTags: ['Webhooks'] }),
      setWebhookActive: commandMutation('platform/webhookSetActive', { invalidatesTags: ['Webhooks', 'Deliveries'] }),
      deleteWebhook: commandMutation('platform/webhookDelete', { invalidatesTags: ['Webhooks', 'Deliveries'] }),
      deliveries: commandQuery('platform/webhookDeliveries', (subscriptionId: number) => ({ subscriptionId, limit: 50 }), {
        providesTags: (_r, _e, id) => [{ type: 'Deliveries', id }],
      }),
      resendDelivery: commandMutation('platform/webhookResend', { invalidatesTags: ['Webhooks', 'Deliveries'] }),
      retention: commandQuery('platform/retention', noInput, { providesTags: ['Retention'] }),
      setRetention: commandMutation('platform/retentionSet', { invalidatesTags: ['Retention'] }),
      runRetention: commandMutation('platform/retentionRunNow', { invalidatesTags: ['Retention'] }),
      eraseCustomer: commandMutation('platform/customerErase'),
      downloadLink: commandMutation('platform/downloadLink'),
    };
  },
});

export const {
  useApiKeysQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
  useWebhooksQuery,
  useCreateWebhookMutation,
  useSetWebhookActiveMutation,
  useDeleteWebhookMutation,
  useDeliveriesQuery,
  useResendDeliveryMutation,
  useRetentionQuery,
  useSetRetentionMutation,
  useRunRetentionMutation,
  useEraseCustomerMutation,
  useDownloadLinkMutation,
} = platformApi;
