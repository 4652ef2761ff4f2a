import { HubError, type Conversation } from '../../contracts';
import { getConversation } from '../../store/repos/conversations';
import type { Store } from '../../store/store';

/** A conversation a command names; a missing one is the caller's mistake (not_found), not a crash. */
export async function conversationOrNotFound(store: Store, conversationId: number): Promise<Conversation> {
  const c = await getConversation(store, conversationId);
  if (!c) throw new HubError('not_found', `conversation ${conversationId} not found`);
  return c;
}
