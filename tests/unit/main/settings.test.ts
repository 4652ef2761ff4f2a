import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../../main/settings';
import { initialWindowBounds } from '../../../main/windowState';
import { HubConnectionSetting, RemoteHubUrl } from '../../../services/contracts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('desktop settings file', () => {
  it('defaults to the embedded hub and remembers changes', () => {
    const dir = tempDir();
    const settings = openSettings(dir);
    expect(settings.get().hub).toEqual({ mode: 'embedded' });
    settings.update((current) => ({
      ...current,
      hub: HubConnectionSetting.parse({ mode: 'remote', url: 'https://Hub.Example.com:443/' }),
    }));
    expect(openSettings(dir).get().hub).toEqual({ mode: 'remote', url: 'https://hub.example.com' });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it.each([
    ['{ not json'],
    [JSON.stringify({ hub: { mode: 'remote', url: 'http://hub.example.com' } })],
    [JSON.stringify({ window: { width: 'wide' } })],
  ])('sets an invalid file aside and starts with defaults: %s', (content) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), content);
    const problems: string[] = [];
    const settings = openSettings(dir, (problem) => problems.push(problem.message));
    expect(settings.get().hub).toEqual({ mode: 'embedded' });
    expect(problems).toHaveLength(1);
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.invalid-'))).toBe(true);
  });
});

describe('remote hub URL', () => {
  it.each([
    ['https://hub.example.com', 'https://hub.example.com'],
    ['https://hub.example.com/', 'https://hub.example.com'],
    ['HTTPS://HUB.example.com:8443', 'https://hub.example.com:8443'],
    ['http://127.0.0.1:4780', 'http://127.0.0.1:4780'],
    ['http://localhost:4780/', 'http://localhost:4780'],
  ])('accepts %s', (input, origin) => {
    expect(RemoteHubUrl.parse(input)).toBe(origin);
  });

  it.each([
    'http://hub.example.com',
    'ftp://hub.example.com',
    'https://user:pw@hub.example.com',
    'https://hub.example.com/path',
    'https://hub.example.com/?q=1',
    'https://hub.example.com:70000',
    'javascript:alert(1)',
    '',
  ])('refuses %s', (input) => {
    expect(RemoteHubUrl.safeParse(input).success).toBe(false);
  });
});

describe('window state', () => {
  const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  it('restores saved bounds on a visible display', () => {
    const saved = { x: 50, y: 60, width: 1000, height: 700, maximized: true };
    expect(initialWindowBounds(saved, displays)).toEqual(saved);
  });
  it('drops a position that is on no display any more', () => {
    expect(initialWindowBounds({ x: 3000, y: 60, width: 1000, height: 700, maximized: false }, displays)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});
