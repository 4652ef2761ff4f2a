import { metricsModule } from '../metrics/module';
import { customersModule } from '../customers/module';
import { webchatModule } from '../channels/webchat';
import type { HubModule } from './module';
import { twilioModule } from '../channels/twilio/module';

/** The modules a default hub runs, in registration order. Feature issues add theirs here. */
export function defaultModules(): HubModule[] {
  return [customersModule(), metricsModule(), twilioModule(), webchatModule()];
}
