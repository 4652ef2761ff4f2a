import { commandEndpoints, hubApi } from '../../app/api';

/** Historical reports: pulled on demand (history does not change under a supervisor's feet). */
export const reportsApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandQuery } = commandEndpoints(build);
    return {
      metricsSeries: commandQuery('metrics/series', (arg: Readonly<{ from: number; to: number; bucket: 'hour' | 'day' }>) => ({ ...arg })),
    };
  },
});

export const { useMetricsSeriesQuery } = reportsApi;
