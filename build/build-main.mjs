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
    build({
      ...common,
      entryPoints: ['main/index.ts'],
      outfile: path.join(outDir, 'index.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
    }),
    // The hub's ingest worker thread (services/ingest/worker/client.ts loads it from next to the bundle).
    build({
      ...common,
      entryPoints: ['services/ingest/worker/ingestWorker.ts'],
      outfile: path.join(outDir, 'ingestWorker.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
    }),
    // The hub's customer-text analysis thread (services/voc/worker/analyser.ts loads it from next to the bundle).
    build({
      ...common,
      entryPoints: ['services/voc/worker/vocWorker.ts'],
      outfile: path.join(outDir, 'vocWorker.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
    }),
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
