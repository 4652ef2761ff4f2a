import { commandEndpoints, hubApi, noInput } from '../../../app/api';

/**
 * Channel settings (admin only): read redacted, test as typed, save and apply live. A save answers with
 * the section as now stored, so the cache is replaced from the reply instead of refetched.
 */
export const settingsApi = hubApi.enhanceEndpoints({ addTagTypes: ['ChannelSettings'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      channelSettings: commandQuery('settings/get', noInput, { providesTags: ['ChannelSettings'] }),
      saveChannelSettings: commandMutation('settings/save', { invalidatesTags: (result) => (result?.applied ? ['ChannelSettings'] : []) }),
      testChannelSettings: commandMutation('settings/test'),
    };
  },
});

export const { useChannelSettingsQuery, useSaveChannelSettingsMutation, useTestChannelSettingsMutation } = settingsApi;
