import type { HubEventPayload } from '../contracts';
import type { BackOffice } from './connectors/connector';
import type { ImportJobs } from './import/importJobs';

/** What the customers module publishes for command handlers (ctx.services.find(CUSTOMERS_SERVICE)). */
export type CustomersService = Readonly<{
  imports: ImportJobs;
  backOffice: BackOffice;
  /** Tells every connected desktop that these records changed (an open 360 view refreshes). */
  changed(event: HubEventPayload<'customer/changed'>): void;
}>;

export const CUSTOMERS_SERVICE = 'customers';
