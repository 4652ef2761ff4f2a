import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { Conversation, HubEventPayload, TimelineItem } from '../../../services/contracts';
import { hubApi } from '../../app/api';
import { injectedApiState, runCacheThunk } from '../../app/cachePatches';
import { hubConnected, pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { customerApi } from './customerApi';

const HISTORY_REFRESH_DELAY_MS = 1500;

type ChangeReason = HubEventPayload<'customer/changed'>['reason'];
type CustomerTag = 'Customer' | 'Timeline' | 'Suggestions' | 'BackOffice';

/**
 * `customer/changed` names records and why, not their new content, so it cannot patch: it refetches, but
 * only the views that reason can have changed. A note lives in the profile; a rename also shows in the
 * duplicate suggestions; an identity also feeds suggestions and the back-office lookups (keyed by
 * identity); a merge or unmerge moves conversations too, so the history changes as well.
 */
const refetchedFor: Readonly<Record<ChangeReason, readonly CustomerTag[]>> = {
  note: ['Customer'],
  updated: ['Customer', 'Suggestions'],
  identity: ['Customer', 'Suggestions', 'BackOffice'],
  merged: ['Customer', 'Suggestions', 'BackOffice', 'Timeline'],
  unmerged: ['Customer', 'Suggestions', 'BackOffice', 'Timeline'],
};

/** The history row's fields a conversation push carries (the rest are counts and names it does not). */
const carried = (row: TimelineItem, c: Conversation): TimelineItem => ({
  ...row,
  state: c.state,
  queueId: c.queueId,
  subject: c.subject,
  disposition: c.disposition,
  closedAt: c.closedAt,
});

/**
 * Keeps the customer 360 in step with pushes. A `conversation/updated` patches the history row it names
 * where that row is loaded; it refetches the history only for what the push cannot carry: a conversation
 * not yet in the loaded pages (its place, first line and counts), or a new agent on it (the row shows the
 * agent's name, the push only the id).
 */
export function registerCustomerPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: pushed['customer/changed'],
    effect: (action, api) => {
      const { customerIds, reason } = action.payload;
      const tags = customerIds.flatMap((id) => refetchedFor[reason].map((type) => ({ type, id })));
      api.dispatch(customerApi.util.invalidateTags(tags));
      // Held conversations moved between the two records: the open ones name their customer afresh.
      if (reason === 'merged' || reason === 'unmerged') api.dispatch(customerApi.util.invalidateTags(['Conversation']));
    },
  });

  listener.startListening({
    actionCreator: pushed['conversation/updated'],
    effect: (action, api) => {
      const conversation = action.payload;
      const state = injectedApiState(api.getState());
      const shown = customerApi.util
        .selectCachedArgsForQuery(state, 'customerTimeline')
        .filter(
          (args) => args.customerId === conversation.customerId && (!args.channels?.length || args.channels.includes(conversation.channel)),
        );
      const patchable = shown.filter((args) => {
        const pages = customerApi.endpoints.customerTimeline.select(args)(state).data?.pages ?? [];
        return historyRow(pages, conversation) !== 'refetch';
      });
      if (patchable.length < shown.length) {
        refetchHistory(api.dispatch, conversation.customerId);
        return;
      }
      for (const args of patchable) {
        runCacheThunk(
          api.dispatch,
          customerApi.util.updateQueryData('customerTimeline', args, (draft) => {
            for (const page of draft.pages) {
              page.items = page.items.map((row) => (row.conversationId === conversation.id ? carried(row, conversation) : row));
            }
          }),
        );
      }
    },
  });

  // Messages change a history row's counts, first line and latest notes. `message/new` also re-sends a row
  // whose delivery status changed, so a push alone cannot tell a new message from an old one: the counts
  // are refetched. A busy chat must not refetch per line: collect the customers and refresh their history
  // once things are quiet for a moment (trailing debounce).
  const pending = new Set<number>();
  listener.startListening({
    actionCreator: pushed['message/new'],
    effect: async (action, api) => {
      const loaded = hubApi.endpoints.conversationGet.select(action.payload.conversationId)(api.getState()).data;
      if (!loaded) return;
      pending.add(loaded.conversation.customerId);
      api.cancelActiveListeners();
      await api.delay(HISTORY_REFRESH_DELAY_MS);
      const ids = [...pending];
      pending.clear();
      api.dispatch(customerApi.util.invalidateTags(ids.map((id) => ({ type: 'Timeline' as const, id }))));
    },
  });
  listener.startListening({
    actionCreator: hubConnected,
    effect: (_action, api) => {
      // Pushes sent while we were away are lost: refetch what is on screen (the core does the same for its tags).
      if (api.getOriginalState().connection.wasConnected) {
        api.dispatch(customerApi.util.invalidateTags(['Customer', 'Timeline', 'Suggestions']));
      }
    },
  });
}

type TimelinePage = Readonly<{ items: readonly TimelineItem[]; nextCursor: string | null }>;

/**
 * Where a pushed conversation stands in a loaded history: its row, patchable in place; 'unloaded' when it
 * is older than every loaded row and more pages follow (it shows once scrolled to, fetched then); or
 * 'refetch' when the push cannot make the row (new conversation, or another agent's name to show).
 */
function historyRow(pages: readonly TimelinePage[], c: Conversation): TimelineItem | 'unloaded' | 'refetch' {
  const row = pages.flatMap((p) => p.items).find((i) => i.conversationId === c.id);
  if (row) return row.agentId === (c.assignedAgentId ?? c.lastAgentId) ? row : 'refetch';
  const last = pages.at(-1);
  const oldest = last?.items.at(-1);
  const olderThanLoaded =
    oldest !== undefined && (c.createdAt < oldest.createdAt || (c.createdAt === oldest.createdAt && c.id < oldest.conversationId));
  return last?.nextCursor && olderThanLoaded ? 'unloaded' : 'refetch';
}

const refetchHistory = (dispatch: AppDispatch, customerId: number): void => {
  dispatch(customerApi.util.invalidateTags([{ type: 'Timeline', id: customerId }]));
};
