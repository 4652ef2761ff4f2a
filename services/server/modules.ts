import { metricsModule } from '../metrics/module';
import { customersModule } from '../customers/module';
import { webchatModule } from '../channels/webchat';
import { createEmailModule } from '../channels/email/module';
import type { HubModule } from './module';
import { twilioModule } from '../channels/telephony/module';

/** The modules a default hub runs, in registration order. Feature issues add theirs here. */
export function defaultModules(): HubModule[] {
  return [customersModule(), metricsModule(), createEmailModule(), twilioModule(), webchatModule()];
}
