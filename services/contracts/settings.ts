import { z } from 'zod';

/**
 * Channel settings set up on screen (admin console > Channels). Each section is the same JSON as the
 * config file's section and is validated on the hub by the same zod schema as the file; a section saved
 * here is stored in the hub database and overrides the file's. Secrets are write-only: replies carry
 * `{ set: true | false }` in their place, and a save that leaves one blank keeps the stored value.
 */

const admin = ['admin'] as const;

export const SettingsSection = z.enum(['email', 'twilio', 'webchat']);
export type SettingsSection = z.infer<typeof SettingsSection>;

/** Where each secret sits in its section ('*' = every element of an array). Never sent to the renderer. */
export const SECRET_PATHS: Readonly<Record<SettingsSection, ReadonlyArray<readonly string[]>>> = {
  email: [
    ['mailboxes', '*', 'password'],
    ['smtp', 'password'],
  ],
  twilio: [['authToken'], ['apiSecret']],
  webchat: [['smtp', 'auth', 'pass']],
};

/** A secret as the renderer sees it: only whether one is stored. */
export const RedactedSecret = z.object({ set: z.boolean() }).strict();
export type RedactedSecret = z.infer<typeof RedactedSecret>;

/** A section's JSON (the same shape as the config file's section; secrets redacted in replies). */
export const SectionValue = z.record(z.string(), z.unknown());
export type SectionValue = z.infer<typeof SectionValue>;

export const SectionView = z.object({
  section: SettingsSection,
  /** database: saved on screen (overrides the file); file: from the hub's config file; none: not set up. */
  source: z.enum(['database', 'file', 'none']),
  /** The section as stored, with every secret replaced by `{ set }`; null when not set up. */
  value: SectionValue.nullable(),
  /** Whether the channel runs now; ok: and reaches what it needs (mail servers connected, ...). */
  running: z.boolean(),
  ok: z.boolean(),
  /** What it is doing or why not, in plain words ("Connected: 1 mailbox", "Off: ..."). */
  detail: z.string(),
  updatedAt: z.number().nullable(),
  updatedBy: z.string().nullable(),
});
export type SectionView = z.infer<typeof SectionView>;

/** One thing a connection test tried: "IMAP login for support@example.com", ok, and what happened in words. */
export const ConnectionCheck = z.object({ label: z.string(), ok: z.boolean(), detail: z.string() });
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  checks: z.array(ConnectionCheck),
  /** Web chat: the tag to paste into a website (nothing to reach, so this is the test's result). */
  snippet: z.string().optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const settingsCommands = {
  /** Every channel section, redacted, with whether it runs. */
  'settings/get': {
    roles: admin,
    input: z.object({}).strict(),
    output: z.object({
      sections: z.array(SectionView),
      /** The hub's public URL (webhooks, the widget's script tag); null when the config file sets none. */
      publicUrl: z.string().nullable(),
      /** Queues a channel can feed. */
      queues: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  },
  /**
   * Validates the section with the config file's schema, tests the connection, stores it and sets the
   * channel up again live. A failing test refuses the save (nothing stored, the running channel keeps
   * going) unless `force` is set: then it is stored and applied, and the channel shows as failing.
   */
  'settings/save': {
    roles: admin,
    input: z.object({ section: SettingsSection, value: SectionValue, force: z.boolean().default(false) }).strict(),
    output: z.object({ view: SectionView, test: ConnectionTest, applied: z.boolean() }),
  },
  /** Tests a section as typed (not saved); blank secrets are taken from the stored section. */
  'settings/test': {
    roles: admin,
    input: z.object({ section: SettingsSection, value: SectionValue }).strict(),
    output: ConnectionTest,
  },
} as const;

/** The one tag a website pastes to embed the chat widget. */
export function embedSnippet(baseUrl: string, queueId: string, title?: string): string {
  const attr = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const titled = title ? ` data-title="${attr(title)}"` : '';
  return `<script src="${attr(baseUrl.replace(/\/+$/, ''))}/widget.js" data-queue="${attr(queueId)}"${titled} async></script>`;
}
