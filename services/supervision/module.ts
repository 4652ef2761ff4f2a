import type { supervisionCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { supervisionHandlers } from './handlers';

/** Supervisor commands: the live board and reports (from the metrics module), agent and conversation moves. */
export function supervisionModule(): HubModule<keyof typeof supervisionCommands> {
  return { name: 'supervision', handlers: supervisionHandlers, setup: () => ({ enabled: true }) };
}
