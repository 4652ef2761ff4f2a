import type { settingsCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { settingsHandlers } from './handlers';
import { migration0011 } from './migrations/0011-settings';

/**
 * Channel settings set up on screen: stored in the hub database (migration 0011), validated by each
 * channel's own config schema, applied live through the composition root's LIVE_MODULES.
 */
export function settingsModule(): HubModule<keyof typeof settingsCommands> {
  return { name: 'settings', migrations: [migration0011], handlers: settingsHandlers, setup: () => ({ enabled: true }) };
}
