import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const afterPack = require(path.join(root, 'build/afterPack.cjs')) as {
  (context: unknown, fuses?: unknown): Promise<void>;
  fuseSettings: Record<string, boolean>;
  executablePath(context: unknown): string;
};

const context = (dir: string, platform: string, arch = 1) => ({
  appOutDir: dir,
  electronPlatformName: platform,
  arch,
  packager: { appInfo: { productFilename: 'Switchboard' }, executableName: 'switchboard' },
});

describe('packaging config', () => {
  const config = readFileSync(path.join(root, 'build/electron-builder.yml'), 'utf8');

  it('builds AppImage + deb, nsis and dmg with an app id, icons and the tel/sms/mailto protocols', () => {
    expect(config).toMatch(/^appId: com\.switchboard\.desktop$/m);
    expect(config).toMatch(/target: \[AppImage, deb\]/);
    expect(config).toMatch(/target: \[nsis\]/);
    expect(config).toMatch(/target: \[dmg\]/);
    for (const scheme of ['tel', 'sms', 'mailto']) {
      expect(config).toContain(`schemes: [${scheme}]`);
      expect(config).toContain(`x-scheme-handler/${scheme}`);
    }
    expect(config).toMatch(/^afterPack: build\/afterPack\.cjs$/m);
    expect(config).toMatch(/^asar: true$/m);
    expect(readFileSync(path.join(root, 'build/icons/icon.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('the afterPack hook turns off RunAsNode, NODE_OPTIONS and --inspect, and loads only from asar', () => {
    expect(afterPack.fuseSettings).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      OnlyLoadAppFromAsar: true,
    });
    expect(afterPack.executablePath(context('/out', 'linux'))).toBe(path.join('/out', 'switchboard'));
    expect(afterPack.executablePath(context('/out', 'win32'))).toBe(path.join('/out', 'Switchboard.exe'));
    expect(afterPack.executablePath(context('/out', 'darwin'))).toBe(path.join('/out', 'Switchboard.app'));
  });

  it('flips the fuses of a binary with @electron/fuses', async (ctx) => {
    let fuses: { getCurrentFuseWire(file: string): Promise<Record<string, number | string>>; FuseV1Options: Record<string, number> };
    try {
      // A variable specifier: the package is a devDependency that older node_modules may lack.
      const specifier = '@electron/fuses';
      fuses = (await import(/* @vite-ignore */ specifier)) as never;
    } catch {
      console.log('skipped: @electron/fuses is not installed in node_modules (it is a devDependency: run npm ci)');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-fuses-'));
    try {
      // A stand-in binary with Electron's fuse wire: sentinel, version 1, 9 fuses, RunAsNode etc. still on.
      const wire = Buffer.concat([
        Buffer.from('\x7fELF '.repeat(200)),
        Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, 9]),
        Buffer.from('101100100'),
        Buffer.from('tail'),
      ]);
      writeFileSync(path.join(dir, 'switchboard'), wire);
      copyFileSync(path.join(dir, 'switchboard'), path.join(dir, 'original'));
      await afterPack(context(dir, 'linux'), fuses);
      const after = await fuses.getCurrentFuseWire(path.join(dir, 'switchboard'));
      const state = (name: string) => String.fromCharCode(after[fuses.FuseV1Options[name]!] as number);
      expect(state('RunAsNode')).toBe('0');
      expect(state('EnableNodeOptionsEnvironmentVariable')).toBe('0');
      expect(state('EnableNodeCliInspectArguments')).toBe('0');
      expect(state('OnlyLoadAppFromAsar')).toBe('1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
