import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const rendererDist = path.join(repo, 'dist/renderer');
export const screenshotDir = path.join(repo, 'test-output/screenshots');

/** Debian's chromium, headless, with nothing that phones home. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer with Vite's JS API when dist/renderer is missing or older than its sources
 * (renderer/ or the shared contracts), so the browser test always runs the code under test.
 */
export async function ensureRendererBuilt(): Promise<string> {
  const index = path.join(rendererDist, 'index.html');
  const sources = Math.max(newestMtime(path.join(repo, 'renderer')), newestMtime(path.join(repo, 'services/contracts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return rendererDist;
  const { build } = await import('vite');
  await build({ configFile: path.join(repo, 'build/vite.renderer.config.ts'), logLevel: 'warn' });
  return rendererDist;
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}
