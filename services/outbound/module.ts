import type { outboundCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { outboundHandlers } from './handlers';

/** Agent-started conversations (call back by SMS, write first by email) over whichever channels run. */
export function outboundModule(): HubModule<keyof typeof outboundCommands> {
  return { name: 'outbound', handlers: outboundHandlers, setup: () => ({ enabled: true }) };
}
