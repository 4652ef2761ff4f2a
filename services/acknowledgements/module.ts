import type { acknowledgementCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { acknowledgementHandlers } from './handlers';
import { migration0020 } from './migrations/0020-acknowledgements';

/**
 * Per-queue acknowledgement settings (the queue screen edits them). The sending lives with each channel
 * (email and telephony run an AckWorker with their own AckSender), since only they can send.
 */
export function acknowledgementsModule(): HubModule<keyof typeof acknowledgementCommands> {
  return { name: 'acknowledgements', migrations: [migration0020], handlers: acknowledgementHandlers, setup: () => ({ enabled: true }) };
}
