import { commandEndpoints, hubApi } from '../../app/api';

/** The signed-in person's own account: changing their password. */
export const accountApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandMutation } = commandEndpoints(build);
    return { changePassword: commandMutation('session/changePassword') };
  },
});

export const { useChangePasswordMutation } = accountApi;
