import { serviceKey } from '../hub/services';
import type { BackOffice } from './connectors/connector';
import type { ImportJobs } from './import/importJobs';

/** What the customers module publishes for its command handlers: import jobs and back-office connectors. */
export type CustomersService = Readonly<{
  imports: ImportJobs;
  backOffice: BackOffice;
  /** The upload route's body limit, shown on the import screen. */
  maxImportBytes: number;
}>;

export const CUSTOMERS = serviceKey<CustomersService>('customers');
