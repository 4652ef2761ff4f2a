// `npm run build:main`: bundles the Electron main process, the preload and the first-run page into dist/main/.
//   dist/main/index.mjs     main process (ESM; npm packages stay external and ship in node_modules/app.asar)
//   dist/main/vocWorker.mjs customer-text analysis thread (services/voc/worker), loaded from next to index.mjs
//   dist/main/preload.cjs   sandboxed preload (CommonJS, self-contained: a sandboxed preload cannot require packages)
//   dist/main/setup/        first-run page (HTML, CSS, bundled script)
//   dist/main/icons/        tray and window icons
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'main');
const production = process.argv.includes('--production');

export async function buildMain({ outDir = out, quiet = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'setup'), { recursive: true });
  mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  const common = {
    bundle: true,
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: quiet ? 'silent' : 'warning',
    absWorkingDir: root,
  };
  await Promise.all([
    // The main process, and the hub's worker threads beside it (services/threads/startWorker.ts loads
    // <name>.mjs from next to the bundle): ingest's batch writer and the customer-text analysis.
    ...[
      ['main/index.ts', 'index.mjs'],
      ['services/ingest/worker/ingestWorker.ts', 'ingestWorker.mjs'],
      ['services/voc/worker/vocWorker.ts', 'vocWorker.mjs'],
    ].map(([entry, out]) =>
      build({
        ...common,
        entryPoints: [entry],
        outfile: path.join(outDir, out),
        platform: 'node',
        format: 'esm',
        target: 'node22',
        packages: 'external',
      }),
    ),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: ['main/setup/page.ts'],
      outfile: path.join(outDir, 'setup', 'setup.js'),
      platform: 'browser',
      format: 'esm',
      target: 'chrome130',
    }),
  ]);
  for (const file of ['index.html', 'setup.css']) copyFileSync(path.join(root, 'main', 'setup', file), path.join(outDir, 'setup', file));
  for (const file of ['icon.png', 'tray.png']) copyFileSync(path.join(root, 'build', 'icons', file), path.join(outDir, 'icons', file));
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await buildMain();
  console.log(`main, preload and setup page built into ${path.relative(root, out)}/ in ${Date.now() - started} ms`);
}
