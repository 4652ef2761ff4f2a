import type { accountCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { accountHandlers } from './handlers';

/** Agents as administrators manage them (admin console's Agents screen): listing and password resets. */
export function accountsModule(): HubModule<keyof typeof accountCommands> {
  return { name: 'accounts', handlers: accountHandlers, setup: () => ({ enabled: true }) };
}
