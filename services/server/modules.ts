import type { HubCommandName } from '../contracts';
import { emailModule } from '../channels/email/module';
import { telephonyModule } from '../channels/telephony/module';
import { webchatModule } from '../channels/webchat';
import type { coreHandlers } from '../hub/coreHandlers';
import { customersModule } from '../customers/module';
import { metricsModule } from '../metrics/module';
import { outboundModule } from '../outbound/module';
import { settingsModule } from '../settings/module';
import { channelAvailabilityModule } from '../channelAvailability/module';
import { platformModule } from '../platform/module';
import { supervisionModule } from '../supervision/module';
import { answersModule } from '../answers/module';
import { acknowledgementsModule } from '../acknowledgements/module';
import { accountsModule } from '../accounts/module';
import { auditModule } from '../audit/module';
import { vocModule } from '../voc/module';
import type { ServedBy } from './commandTable';

/** The modules a default hub runs, in setup order (a module reads another's services when used, not at setup). */
export function defaultModules() {
  return [
    customersModule(),
    metricsModule(),
    supervisionModule(),
    acknowledgementsModule(),
    emailModule(),
    telephonyModule(),
    webchatModule(),
    outboundModule(),
    answersModule(),
    settingsModule(),
    accountsModule(),
    auditModule(),
    channelAvailabilityModule(),
    vocModule(),
    platformModule(),
  ] as const;
}

// Every command in the contract is served by the core or exactly one default module: a command added to
// HubCommands without a handler fails to compile here (and two handlers fail at start, in commandTable).
type Unserved = Exclude<HubCommandName, keyof typeof coreHandlers | ServedBy<ReturnType<typeof defaultModules>>>;
const everyCommandServed: [Unserved] extends [never] ? true : Unserved = true;
void everyCommandServed;
