import type { z } from 'zod';
import { embedSnippet, type ConnectionCheck, type ConnectionTest, type SettingsSection } from '../contracts';
import { EmailConfig } from '../channels/email/config';
import { testEmail, testSmtp } from '../channels/email/connectionTest';
import { EMAIL } from '../channels/email/service';
import { TwilioConfig } from '../channels/telephony/config';
import { testTwilio } from '../channels/telephony/connectionTest';
import { TELEPHONY } from '../channels/telephony/service';
import { WEBCHAT } from '../channels/webchat/agentHandlers';
import { WebchatConfig } from '../channels/webchat/config';
import type { ServiceKey, ServiceRegistry } from '../hub/services';

/** What a connection test may read of the hub. */
export type TestContext = Readonly<{ publicUrl: string | undefined; queueName(queueId: string): string | undefined }>;

type Spec<S extends z.ZodType> = Readonly<{
  /** The config file's own schema for the section: one validation for file and screen. */
  schema: S;
  /** The service the module publishes while it runs (its absence means off, with the module's reason). */
  service: ServiceKey<unknown>;
  test(config: z.output<S>, ctx: TestContext): Promise<ConnectionCheck[]>;
  /** How the running channel is doing, in words. */
  health(services: ServiceRegistry): Promise<Readonly<{ ok: boolean; detail: string }>>;
  snippet?(config: z.output<S>, ctx: TestContext): string | undefined;
}>;

const email: Spec<typeof EmailConfig> = {
  schema: EmailConfig,
  service: EMAIL,
  async health(services) {
    const status = await services.require(EMAIL).status();
    const bad = status.mailboxes.filter((m) => m.state !== 'connected');
    const problems = [...bad.map((m) => `${m.address}: ${m.detail}`), ...(status.smtp.ok ? [] : [`sending: ${status.smtp.detail}`])];
    if (problems.length === 0) return { ok: true, detail: `Connected: ${plural(status.mailboxes.length, 'mailbox', 'mailboxes')}` };
    return { ok: false, detail: `Not connected: ${problems.join('; ')}` };
  },
  async test(config, ctx) {
    const queues = config.mailboxes.map((m) => queueCheck(`Mail to ${m.address}`, m.queueId, ctx));
    return [...(await testEmail(config)), ...queues];
  },
};

const twilio: Spec<typeof TwilioConfig> = {
  schema: TwilioConfig,
  service: TELEPHONY,
  async health(services) {
    const status = services.require(TELEPHONY).status();
    const ok = status.sms.ok || status.voice.ok;
    return { ok, detail: `${ok ? 'On' : 'Not working'}: ${plural(status.numbers.length, 'number', 'numbers')}` };
  },
  test: (config, ctx) => testTwilio(config, (config.publicUrl ?? ctx.publicUrl)?.replace(/\/+$/, ''), ctx.queueName),
};

const webchat: Spec<typeof WebchatConfig> = {
  schema: WebchatConfig,
  service: WEBCHAT,
  health: async (services) => ({
    ok: true,
    detail: `On: ${plural(services.require(WEBCHAT).connections(), 'visitor', 'visitors')} connected`,
  }),
  async test(config, ctx) {
    const checks: ConnectionCheck[] = [
      queueCheck('New chats', config.queueId, ctx),
      {
        label: 'Websites',
        ok: true,
        detail:
          config.allowedOrigins.length === 0
            ? 'Any website may embed the chat'
            : `Only ${config.allowedOrigins.join(', ')} (and this hub's own demo page) may embed the chat`,
      },
    ];
    if (config.smtp) {
      const { host, port, secure, ignoreTLS, auth } = config.smtp;
      const smtp = await testSmtp({
        host,
        port,
        secure,
        ignoreTLS,
        user: auth?.user,
        password: auth?.pass,
        connectionTimeoutMs: 10_000,
        dataTimeoutMs: 10_000,
      });
      checks.push({ ...smtp, label: `Transcripts and codes by email: ${smtp.label}` });
    }
    return checks;
  },
  snippet: (config, ctx) => (ctx.publicUrl ? embedSnippet(ctx.publicUrl, config.queueId, config.title) : undefined),
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function queueCheck(label: string, queueId: string, ctx: TestContext): ConnectionCheck {
  const name = ctx.queueName(queueId);
  return name
    ? { label, ok: true, detail: `Go to the queue "${name}"` }
    : { label, ok: false, detail: `The queue "${queueId}" does not exist; create it or pick another` };
}

export const SECTIONS: Readonly<Record<SettingsSection, Spec<z.ZodType>>> = {
  email: email,
  twilio: twilio,
  webchat: webchat,
};

/** Runs a section's test: every check in words, ok only when all passed. */
export async function runTest(section: SettingsSection, config: unknown, ctx: TestContext): Promise<ConnectionTest> {
  const spec = SECTIONS[section];
  const checks = await spec.test(config, ctx);
  const snippet = spec.snippet?.(config, ctx);
  return { ok: checks.every((c) => c.ok), checks, ...(snippet ? { snippet } : {}) };
}
