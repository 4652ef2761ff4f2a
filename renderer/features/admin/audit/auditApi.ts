import { commandEndpoints, hubApi } from '../../../app/api';
import type { AuditSearch } from '../../../../services/contracts';

/** The audit log: one query per filter (its first page); older pages are fetched on demand with the cursor. */
export const auditApi = hubApi.injectEndpoints({
  endpoints: (build) => {
    const { commandQuery } = commandEndpoints(build);
    return { auditSearch: commandQuery('audit/search', (filter: AuditSearch) => filter) };
  },
});

export const { useAuditSearchQuery, useLazyAuditSearchQuery } = auditApi;
