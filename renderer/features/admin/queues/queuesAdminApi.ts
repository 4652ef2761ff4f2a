import { commandEndpoints, hubApi } from '../../../app/api';

/**
 * The queue admin's writes; the list it edits is the core's `queue/list` (tag 'Queues'), refetched after a
 * save. A queue's acknowledgement settings are read and saved beside it (same tag: saved together).
 */
export const queuesAdminApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      queueUpsert: commandMutation('admin/queueUpsert', { invalidatesTags: ['Queues'] }),
      queueAckGet: commandQuery('admin/queueAckGet', (queueId: string) => ({ queueId }), { providesTags: ['Queues'] }),
      queueAckSet: commandMutation('admin/queueAckSet', { invalidatesTags: ['Queues'] }),
    };
  },
});

export const { useQueueUpsertMutation, useQueueAckGetQuery, useQueueAckSetMutation } = queuesAdminApi;
