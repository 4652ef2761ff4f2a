import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const widgetEntry = path.join(root, 'renderer/widget/main.ts');
export const widgetOutput = path.join(root, 'dist/widget/widget.js');

/**
 * Builds renderer/widget into dist/widget/widget.js with esbuild (the same options as `npm run
 * build:widget`). Written to a temp file and renamed, so a hub never serves a half-written bundle.
 */
export async function buildWidget(outfile = widgetOutput): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [widgetEntry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    outfile,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  await mkdir(path.dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, file.contents);
  await rename(temp, outfile);
  return outfile;
}

/** The bundle to serve: the built one, or a fresh build when dist is missing (a source checkout). */
export async function ensureWidget(): Promise<string> {
  if (existsSync(widgetOutput)) return widgetOutput;
  return buildWidget();
}
