import { HubError, type SectionView, type SettingsSection, type settingsCommands } from '../contracts';
import type { CommandContext, HandlerTable } from '../hub/commands';
import { LIVE_MODULES } from '../hub/module';
import { saveSection, storedSection, storedSections, type StoredSection } from './repo';
import { changedPaths, keepSecrets, redact } from './secrets';
import { runTest, SECTIONS, type TestContext } from './sections';

const ORDER: readonly SettingsSection[] = ['email', 'twilio', 'webchat'];

const NAMES: Readonly<Record<SettingsSection, string>> = { email: 'Email', twilio: 'Phone and SMS', webchat: 'Web chat' };

/** Channel settings (admin console > Channels): read redacted, test, save and apply live. */
export const settingsHandlers: HandlerTable<keyof typeof settingsCommands> = {
  'settings/get': async (_input, ctx) => {
    const stored = await storedSections(ctx.store);
    return {
      sections: await Promise.all(
        ORDER.map((section) =>
          view(
            ctx,
            section,
            stored.find((s) => s.section === section),
          ),
        ),
      ),
      publicUrl: ctx.config.publicUrl?.replace(/\/+$/, '') ?? null,
      queues: ctx.center.listQueues().map((q) => ({ id: q.id, name: q.name })),
    };
  },

  'settings/test': async (input, ctx) => {
    const { config } = await validated(ctx, input.section, input.value);
    return runTest(input.section, config, testContext(ctx));
  },

  'settings/save': async (input, ctx) => {
    const { section } = input;
    const { before, merged, config } = await validated(ctx, section, input.value);
    const test = await runTest(section, config, testContext(ctx));
    if (!test.ok && !input.force) {
      // Refused: nothing stored, the running channel keeps its settings (the reply says what failed).
      return { view: await view(ctx, section, await storedSection(ctx.store, section)), test, applied: false };
    }
    await ctx.store.write((tx) => saveSection(tx, { section, value: merged, at: ctx.now(), by: ctx.agentId }));
    await ctx.services.require(LIVE_MODULES).apply(section, merged);
    await ctx.audit.record(
      { kind: 'agent', agentId: ctx.agentId },
      {
        action: `settings.${section}.updated`,
        target: `settings:${section}`,
        detail: { changed: changedPaths(before, merged), testPassed: test.ok },
      },
    );
    return { view: await view(ctx, section, await storedSection(ctx.store, section)), test, applied: true };
  },
};

/** The section as typed, blank secrets filled from what is stored, checked by the config file's schema. */
async function validated(ctx: CommandContext, section: SettingsSection, value: Readonly<Record<string, unknown>>) {
  const before = (await storedSection(ctx.store, section))?.value ?? ctx.services.require(LIVE_MODULES).current(section);
  const merged = keepSecrets(section, value, before);
  const parsed = SECTIONS[section].schema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new HubError('invalid_input', `Some ${NAMES[section].toLowerCase()} settings need attention`, issues);
  }
  return { before, merged, config: parsed.data };
}

function testContext(ctx: CommandContext): TestContext {
  return { publicUrl: ctx.config.publicUrl?.replace(/\/+$/, ''), queueName: (id) => ctx.center.queue(id)?.name };
}

async function view(ctx: CommandContext, section: SettingsSection, stored: StoredSection | undefined): Promise<SectionView> {
  const current = stored?.value ?? ctx.services.require(LIVE_MODULES).current(section);
  const value = isObject(current) ? redact(section, current) : null;
  const spec = SECTIONS[section];
  const running = ctx.services.find(spec.service) !== undefined;
  const health = running
    ? await spec.health(ctx.services)
    : { ok: false, detail: value ? `Off: ${ctx.services.whyOff(spec.service)}` : 'Not set up yet' };
  return {
    section,
    source: stored ? 'database' : value ? 'file' : 'none',
    value,
    running,
    ...health,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ?? null,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
