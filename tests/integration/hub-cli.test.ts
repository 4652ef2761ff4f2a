import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { twilioConfig } from '../support/twilioFake';

// `npm run hub` as a user runs it: a child process, its stdout/stderr and exit code.
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-cli-'));
const children: Array<ReturnType<typeof spawn>> = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: readonly string[], until?: (stdout: string) => boolean): Promise<Run & { kill(): void }> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', ...args], {
    cwd: root,
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SWITCHBOARD_'))),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve) => {
    const done = (code: number | null) => resolve({ code, stdout, stderr, kill: () => child.kill('SIGTERM') });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (until?.(stdout)) done(null);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => done(code));
  });
}

function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('npm run hub', () => {
  it('--help prints usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run hub -- \[options\]/);
    expect(run.stdout).toContain('--port N');
    expect(run.stdout).toContain('--data DIR');
  });

  it('an unknown option says so and points at --help', async () => {
    const run = await runCli(['--prot', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Switchboard hub failed to start: Unknown option '--prot'.* \(options: npm run hub -- --help\)$/);
  });

  it.each([
    ['bad JSON names the file', '{ "webchat": { }', /^Switchboard hub failed to start: \S+bad-json\.json: not valid JSON \(/],
    ['a misspelled top-level key is refused', '{ "emial": {} }', /^Switchboard hub failed to start: \S+typo\.json: emial: unknown key/],
    [
      'a misspelled nested key is refused',
      '{ "webchat": { "maxMesageChars": 10 } }',
      /^Switchboard hub failed to start: \S+nested\.json: webchat\.maxMesageChars: unknown key/,
    ],
    [
      'an invalid channel section stops start-up',
      '{ "webchat": { "maxMessageChars": "many" } }',
      /^Switchboard hub failed to start: \S+invalid\.json: webchat\.maxMessageChars: Invalid input/,
    ],
    [
      'twilio without a public URL stops start-up',
      JSON.stringify({ twilio: { ...twilioConfig('http://127.0.0.1:9'), publicUrl: undefined } }),
      /^Switchboard hub failed to start: \S+no-url\.json: twilio\.publicUrl: required/,
    ],
  ])('%s, in one line', async (name, text, expected) => {
    const fileName = {
      'bad JSON names the file': 'bad-json.json',
      'a misspelled top-level key is refused': 'typo.json',
      'a misspelled nested key is refused': 'nested.json',
      'an invalid channel section stops start-up': 'invalid.json',
      'twilio without a public URL stops start-up': 'no-url.json',
    }[name]!;
    const run = await runCli(['--data', path.join(dir, 'data'), '--config', configFile(fileName, text), '--port', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(expected);
  });

  it('prints the URL and the first sign-in, and nothing per request', async () => {
    const run = await runCli(['--data', path.join(dir, 'fresh'), '--port', '0'], (out) => out.includes('First sign-in'));
    try {
      const url = /running at (http:\/\/\S+)/.exec(run.stdout)?.[1];
      expect(url).toBeDefined();
      for (let i = 0; i < 3; i += 1) expect((await fetch(`${url}/api/health`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^First sign-in: user "admin", password \S{12,} \(shown once/);
    } finally {
      run.kill();
    }
  });
});
