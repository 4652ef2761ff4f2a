import { commandEndpoints, hubApi } from '../../../app/api';

/** The queue admin's one write; the list it edits is the core's `queue/list` (tag 'Queues'), refetched after a save. */
export const queuesAdminApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandMutation } = commandEndpoints(build);
    return { queueUpsert: commandMutation('admin/queueUpsert', { invalidatesTags: ['Queues'] }) };
  },
});

export const { useQueueUpsertMutation } = queuesAdminApi;
