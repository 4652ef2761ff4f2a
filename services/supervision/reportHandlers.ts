import type { reportCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { METRICS } from '../metrics/module';

/** Historical reports for the console's Reports view. */
export const reportHandlers: HandlerTable<keyof typeof reportCommands> = {
  'metrics/series': async (input, ctx) => ctx.services.require(METRICS).reportSeries(input.from, input.to, input.bucket),
};
