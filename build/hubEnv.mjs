// The environment a hub process is started with (build/start.mjs for the desktop and browser modes, build/hub.mjs
// for `npm run hub`). glibc's malloc gives each thread that allocates an arena of its own, up to 8 per core, and
// keeps what it has taken: the hub's threads (its main thread, the text-analysis thread, libuv's pool running
// SQLite, V8's compiler and GC helpers) held 55–65 MB of arenas at 2,000 agents / 50,000 waiting, about 30 MB
// with two (docs/benchmarks.md, "Hub memory"). Two arenas is the usual setting for threaded servers; most small
// allocations are served from each thread's cache without the arena lock. glibc reads it only at process start,
// so it is set here, on the process that runs the hub; a value already in the environment is kept. Other C
// libraries (macOS, Windows) ignore it.
export const MALLOC_ARENAS = '2';

/** `env` with MALLOC_ARENA_MAX set for a hub process, unless it is set already. */
export function hubEnv(env = process.env) {
  return env.MALLOC_ARENA_MAX ? { ...env } : { ...env, MALLOC_ARENA_MAX: MALLOC_ARENAS };
}
