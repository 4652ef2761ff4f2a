import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { runCacheThunk } from '../../../app/cachePatches';
import { pushed } from '../../../app/hubActions';
import type { AppDispatch, RootState } from '../../../app/store';
import { agentsAdminApi } from './agentsApi';

/**
 * The Agents screen's list follows what supervisors and admins are pushed (`agent/updated`): who signed in
 * or out, presence, and edits made elsewhere (a supervisor's skills change), without refetching the list.
 * Disabled and temporary-password flags are not in the push; the admin's own commands refetch for those.
 */
export function registerAdminAgentPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: pushed['agent/updated'],
    effect: (action, api) => {
      const s = action.payload;
      runCacheThunk(
        api.dispatch,
        agentsAdminApi.util.updateQueryData('adminAgentList', undefined, (list) => {
          const row = list.agents.find((a) => a.id === s.id);
          if (!row) return;
          Object.assign(row, {
            displayName: s.displayName,
            role: s.role,
            skills: s.skills,
            capacity: s.capacity,
            presence: s.presence,
            state: s.state,
            connected: s.connected,
          });
        }),
      );
    },
  });
}
