import type { HubCommandName } from '../contracts';
import type { CommandTable } from '../hub/agentSocket';
import { coreHandlers } from '../hub/coreHandlers';
import type { AnyHubModule } from '../hub/module';

/** The core's handlers and every module's, merged; two handlers for one command is a wiring bug. */
export function commandTable(modules: readonly AnyHubModule[]): CommandTable {
  const table: Record<string, unknown> = { ...coreHandlers };
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module.handlers)) {
      if (name in table) throw new Error(`command "${name}" has two handlers (module ${module.name})`);
      table[name] = handler;
    }
  }
  return table;
}

/** Names served by a tuple of modules (a union over each module's own handler table). */
export type ServedBy<M extends readonly AnyHubModule[]> = M[number] extends infer Each
  ? Each extends { handlers: infer H }
    ? keyof H & HubCommandName
    : never
  : never;
