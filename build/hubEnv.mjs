// The environment a hub process is started with: build/start.mjs (browser mode, and the desktop's Electron
// process in development), build/hub.mjs (`npm run hub`), build/demo.mjs and the benches' child hubs. Both
// settings are read only when a process starts, so they are set on the process that will run the hub; a value
// already in the environment is kept. Measured in docs/benchmarks.md ("Hub memory: where the RSS was").
//
// - MALLOC_ARENA_MAX=2: glibc's malloc gives each thread that allocates an arena of its own, up to 8 per core,
//   and keeps what it took: the hub's threads (main, text analysis, libuv's pool running SQLite, V8's compiler
//   and GC helpers) held 55–65 MB of arenas at 2,000 agents / 50,000 waiting, ~30 MB with two. Most small
//   allocations come from each thread's cache without the arena lock. Other C libraries ignore it.
// - --max-old-space-size=1024 (Node processes only): on a machine with 16 GB or more V8 allows a 4 GB heap,
//   and with that ceiling it lets the heap grow to up to 4x what was live at the last full collection before
//   collecting again; under a lower ceiling the factor is smaller (1.6 at 1 GB). At 2,000 agents / 50,000
//   waiting the live heap is ~90 MB and V8 held 200–250 MB of heap; with the ceiling 155–170 MB. 1 GB is also
//   what Node chooses by itself on a 4 GB machine. A center whose live heap nears it (the hub would stop with
//   "JavaScript heap out of memory") sets its own: NODE_OPTIONS=--max-old-space-size=<MB>.
export const MALLOC_ARENAS = '2';
export const HEAP_CEILING_MB = 1024;

/**
 * `env` for a hub process. `runtime: 'electron'` (the desktop's main process, which embeds the hub) sets only
 * the malloc arenas: Electron's V8 has its own heap configuration, and packaged builds ignore NODE_OPTIONS.
 */
export function hubEnv(env = process.env, runtime = 'node') {
  const out = { ...env };
  if (!out.MALLOC_ARENA_MAX) out.MALLOC_ARENA_MAX = MALLOC_ARENAS;
  if (runtime === 'node' && !/--max-old-space-size\b/.test(out.NODE_OPTIONS ?? '')) {
    out.NODE_OPTIONS = [out.NODE_OPTIONS, `--max-old-space-size=${HEAP_CEILING_MB}`].filter(Boolean).join(' ');
  }
  return out;
}
