import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A restarted hub must answer its first webhook fast (issue 23: < 2 s with 1M messages), and node loading the
 * bundled code was most of that time. These packages serve features that are off, or first used later (team mode, an
 * outbound SMS, a call, a mailbox, the analysis thread), so the hub's bundle must not import them statically:
 * bundled like the desktop bundles the hub, every static import is loaded before the hub's first line runs.
 */
const LOADED_ON_FIRST_USE = [
  'twilio',
  'imapflow',
  'mailparser',
  'nodemailer',
  'wink-nlp',
  'wink-eng-lite-web-model',
  'pg',
  '@socket.io/postgres-adapter',
];

async function staticImports(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return [...code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)].map((m) => m[1] ?? '');
}

const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);

describe('what the hub loads before it starts', () => {
  it('the bundled hub imports none of the packages it loads on first use', { timeout: 60_000 }, async () => {
    const imports = await staticImports('services/server/startHub.ts');
    expect(imports).toContain('fastify'); // the pattern does find the bundle's static imports
    const eager = imports.filter((s) => LOADED_ON_FIRST_USE.includes(packageOf(s)));
    // The webhook signature check may use twilio's webhooks file alone (no REST client behind it).
    expect(eager.filter((s) => s !== 'twilio/lib/webhooks/webhooks.js')).toEqual([]);
  });

  it('the analysis thread still reads texts with the model', async () => {
    const { analyseMessage } = await import('../../../services/voc/analyse');
    expect(analyseMessage('The parcel arrived broken and I am very angry').sentiment).toBeLessThan(0);
  });
});
