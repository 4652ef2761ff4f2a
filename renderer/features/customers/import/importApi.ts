import { commandEndpoints, hubApi, noInput } from '../../../app/api';

/** The import screen's reads and the start command; a job's state is then kept current by its pushes (importPatches.ts). */
export const importApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      importLimits: commandQuery('customer/importLimits', noInput),
      importAttributeDefs: commandQuery('customer/attributeDefs', noInput),
      importStatus: commandQuery('customer/importStatus', (jobId: string) => ({ jobId })),
      importStart: commandMutation('customer/importStart'),
    };
  },
});

export const { useImportLimitsQuery, useImportAttributeDefsQuery, useImportStatusQuery, useImportStartMutation } = importApi;
