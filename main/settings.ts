import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HubConnectionSetting } from '../services/contracts';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

/** Host names (exact, or `*.example.com` for subdomains) whose https links may open in the system browser. */
const AllowedHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a host name such as docs.example.com or *.example.com');

export const DesktopSettings = z.object({
  version: z.literal(1).default(1),
  hub: HubConnectionSetting.default({ mode: 'embedded' }),
  window: WindowState.optional(),
  externalLinkHosts: z.array(AllowedHost).max(100).default([]),
});
export type DesktopSettings = z.output<typeof DesktopSettings>;

export type SettingsStore = {
  readonly file: string;
  get(): DesktopSettings;
  update(change: (current: DesktopSettings) => DesktopSettings): DesktopSettings;
};

export type SettingsLoadProblem = Readonly<{ file: string; message: string; keptAs: string | null }>;

/**
 * Settings in a JSON file in userData. The file is user-editable, so it is validated like any input: an invalid
 * file is set aside (renamed, not deleted) and defaults are used, so a typo never stops the app from starting.
 */
export function openSettings(dir: string, onProblem: (problem: SettingsLoadProblem) => void = () => {}): SettingsStore {
  const file = path.join(dir, 'settings.json');
  let current = load(file, onProblem);
  return {
    file,
    get: () => current,
    update(change) {
      const next = DesktopSettings.parse(change(current));
      mkdirSync(dir, { recursive: true });
      // Write then rename: a crash mid-write leaves the old file, never half a file.
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, file);
      current = next;
      return next;
    },
  };
}

function load(file: string, onProblem: (problem: SettingsLoadProblem) => void): DesktopSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return DesktopSettings.parse({});
  }
  let message: string;
  try {
    const parsed = DesktopSettings.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    message = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  } catch (error) {
    message = `not JSON: ${(error as Error).message}`;
  }
  const keptAs = `${file}.invalid-${Date.now()}`;
  let renamed = true;
  try {
    renameSync(file, keptAs);
  } catch {
    renamed = false;
  }
  onProblem({ file, message, keptAs: renamed ? keptAs : null });
  return DesktopSettings.parse({});
}
