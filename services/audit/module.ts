import type { auditCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { auditHandlers } from './handlers';

/**
 * The audit log's search (admin console). The trail that writes it is built by the composition root
 * (storeAuditTrail) and handed to every handler and module as `audit`; its table is a core migration
 * (0009) so every hub has it, whatever modules it runs.
 */
export function auditModule(): HubModule<keyof typeof auditCommands> {
  return { name: 'audit', handlers: auditHandlers, setup: () => ({ enabled: true }) };
}
