import type { auditCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { searchAuditRows } from './repo';

export const auditHandlers: HandlerTable<keyof typeof auditCommands> = {
  'audit/search': async (input, { store }) => {
    const { rows, more } = await searchAuditRows(store, input);
    return { entries: rows, nextCursor: more ? (rows.at(-1)?.id ?? null) : null };
  },
};
