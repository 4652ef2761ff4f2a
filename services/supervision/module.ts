import type { reportCommands, supervisionCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { supervisionHandlers } from './handlers';
import { reportHandlers } from './reportHandlers';

/** Supervisor commands: the live board and reports (from the metrics module), agent and conversation moves. */
export function supervisionModule(): HubModule<keyof typeof supervisionCommands | keyof typeof reportCommands> {
  return { name: 'supervision', handlers: { ...supervisionHandlers, ...reportHandlers }, setup: () => ({ enabled: true }) };
}
