import type { conversationLookupCommands, supervisionCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { findConversationsHandlers } from './findConversations';
import { supervisionHandlers } from './handlers';

/** Supervisor commands: the live board and reports (from the metrics module), agent and conversation moves. */
export function supervisionModule(): HubModule<keyof typeof supervisionCommands | keyof typeof conversationLookupCommands> {
  return {
    name: 'supervision',
    handlers: { ...supervisionHandlers, ...findConversationsHandlers },
    setup: () => ({ enabled: true }),
  };
}
