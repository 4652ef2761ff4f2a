import { createRequire } from 'node:module';
import type Pg from 'pg';

// A plain require (not `import`), so that bundling the hub cannot hoist it into a static import: `pg` (and
// the socket.io adapter built on it) is ~90-120 ms of loading at start-up on a busy machine, and only team
// mode and the PostgreSQL store use it. They load it when they open their first connection.
const require = createRequire(import.meta.url);
let lib: typeof Pg | undefined;

/** The pg package, loaded once, on first use. */
export function pgLib(): typeof Pg {
  lib ??= require('pg') as typeof Pg;
  return lib;
}
