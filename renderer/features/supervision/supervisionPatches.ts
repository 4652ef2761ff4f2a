import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AgentSnapshot, Conversation } from '../../../services/contracts';
import { runCacheThunk } from '../../app/cachePatches';
import { hubConnected, pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { supervisionApi } from './supervisionApi';

/** At most one refetch of the agent grid a second, however many conversations are accepted meanwhile. */
const GRID_REFETCH_MS = 1000;

const HELD = new Set<Conversation['state']>(['active', 'wrap_up']);

/**
 * The agent grid is the `supervisor/agents` cache, patched in place by what supervisors are pushed: an
 * `agent/updated` replaces that agent's snapshot (or adds a new agent); a `conversation/updated` moves,
 * updates or drops the conversation under its agent. The one thing a push cannot carry is when an agent
 * took a conversation (the row's `since`, set by the hub at accept): a newly held conversation shows at
 * once and the grid is refetched for its time, at most once a second. (A supervisor's own commands
 * refetch the grid when answered, see supervisionApi.ts.)
 */
export function registerSupervisionPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  const putAgent = (dispatch: AppDispatch, agent: AgentSnapshot): void => {
    runCacheThunk(
      dispatch,
      supervisionApi.util.updateQueryData('supervisorAgents', undefined, (rows) => {
        const row = rows.find((r) => r.agent.id === agent.id);
        if (row) row.agent = agent;
        else rows.push({ agent, conversations: [] });
      }),
    );
  };
  listener.startListening({ actionCreator: pushed['agent/updated'], effect: (action, api) => putAgent(api.dispatch, action.payload) });

  let refetchQueued = false;
  let lastRefetch = 0;
  /** Returns whether the grid now lacks something only a refetch brings (a new holder's accept time). */
  const putConversation = (dispatch: AppDispatch, c: Conversation): boolean => {
    const holder = c.assignedAgentId !== null && HELD.has(c.state) ? c.assignedAgentId : null;
    let incomplete = false;
    runCacheThunk(
      dispatch,
      supervisionApi.util.updateQueryData('supervisorAgents', undefined, (rows) => {
        for (const row of rows) {
          const index = row.conversations.findIndex((h) => h.conversationId === c.id);
          if (row.agent.id === holder) {
            const held = { conversationId: c.id, channel: c.channel, queueId: c.queueId, state: c.state };
            if (index >= 0) Object.assign(row.conversations[index]!, held);
            else {
              row.conversations.push({ ...held, since: null });
              incomplete = true;
            }
          } else if (index >= 0) row.conversations.splice(index, 1);
        }
      }),
    );
    return incomplete;
  };
  listener.startListening({
    actionCreator: pushed['conversation/updated'],
    effect: async (action, api) => {
      if (!putConversation(api.dispatch, action.payload) || refetchQueued) return;
      refetchQueued = true;
      try {
        await api.delay(Math.max(0, lastRefetch + GRID_REFETCH_MS - Date.now()));
        lastRefetch = Date.now();
        api.dispatch(supervisionApi.util.invalidateTags(['SupervisorAgents']));
      } finally {
        refetchQueued = false;
      }
    },
  });

  listener.startListening({
    actionCreator: hubConnected,
    effect: (_action, api) => {
      // Pushes sent while we were away are lost: the grid is fetched afresh (the core does the same for its tags).
      if (api.getOriginalState().connection.wasConnected) api.dispatch(supervisionApi.util.invalidateTags(['SupervisorAgents']));
    },
  });
}
