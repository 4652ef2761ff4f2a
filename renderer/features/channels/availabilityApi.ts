import type { ChannelAvailability, ChannelKind } from '../../../services/contracts';
import { commandEndpoints, hubApi, noInput } from '../../app/api';

/**
 * Which channels the hub runs (`channels/available`), so lists show only what a queue really has. Read once
 * per session: a channel turned on or off takes effect for the desk at its next sign-in or reconnect.
 */
export const availabilityApi = hubApi.enhanceEndpoints({ addTagTypes: ['ChannelsAvailable'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery } = commandEndpoints(build);
    return {
      channelsAvailable: commandQuery('channels/available', noInput, { providesTags: ['ChannelsAvailable'] }),
    };
  },
});

export const { useChannelsAvailableQuery } = availabilityApi;

/** A queue's channels that run on this hub, in the queue's order; `undefined` while not known yet. */
export function liveChannels(
  queueChannels: readonly ChannelKind[],
  available: readonly ChannelAvailability[] | undefined,
): ChannelKind[] | undefined {
  if (!available) return undefined;
  const on = new Set(available.filter((c) => c.on).map((c) => c.kind));
  return queueChannels.filter((c) => on.has(c));
}
