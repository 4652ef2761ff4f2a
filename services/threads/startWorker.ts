import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread from a module that sits beside its caller: the built JavaScript (`<name>.mjs`, which
 * build/build-main.mjs writes next to the bundle) when it exists, else the TypeScript source (`<name>.ts`,
 * under tsx or vitest) through tsx's loader registered inside the worker — tsx's `--import` hooks reach the
 * main thread only on this Node. `resourceLimits` sizes the thread's own V8 heap (each worker has one, beside
 * the hub's): see services/voc/worker/analyser.ts for why a thread's young generation is kept small.
 */
export function startWorker(beside: string, name: string, workerData?: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = { ...(workerData === undefined ? {} : { workerData }), ...(resourceLimits ? { resourceLimits } : {}) };
  const built = new URL(`./${name}.mjs`, beside);
  if (existsSync(built)) return new Worker(built, options);
  // The ES module build of tsx's API (its CommonJS one resolves its own files wrongly inside an eval worker).
  const tsx = pathToFileURL(
    createRequire(beside)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const source = new URL(`./${name}.ts`, beside).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
