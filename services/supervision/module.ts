import type { conversationLookupCommands, reportCommands, supervisionCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { findConversationsHandlers } from './findConversations';
import { supervisionHandlers } from './handlers';
import { reportHandlers } from './reportHandlers';

type SupervisionCommand = keyof typeof supervisionCommands | keyof typeof conversationLookupCommands | keyof typeof reportCommands;

/** Supervisor commands: the live board and reports (from the metrics module), agent and conversation moves. */
export function supervisionModule(): HubModule<SupervisionCommand> {
  return {
    name: 'supervision',
    handlers: { ...supervisionHandlers, ...findConversationsHandlers, ...reportHandlers },
    setup: () => ({ enabled: true }),
  };
}
