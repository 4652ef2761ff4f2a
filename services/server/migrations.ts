import type { AnyHubModule } from '../hub/module';
import { coreMigrations, type Migration } from '../store/migrate';
import { defaultModules } from './modules';

/** The core's schema and that of every given module, as one list in version order for Store.open. */
export function hubMigrations(modules: readonly AnyHubModule[]): readonly Migration[] {
  return [...coreMigrations, ...modules.flatMap((m) => m.migrations ?? [])].sort((a, b) => a.version - b.version);
}

/** The schema of a default hub (tools and tests that open a hub's file without starting the hub). */
export const allMigrations: readonly Migration[] = hubMigrations(defaultModules());
