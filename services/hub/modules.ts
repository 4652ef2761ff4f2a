import { createEmailModule } from '../channels/email/module';
import type { HubModule } from './module';

/** The modules a default hub runs, in registration order. Feature issues add theirs here. */
export function defaultModules(): HubModule[] {
  return [createEmailModule()];
}
