import { z } from 'zod';
import { IanaTimeZone, offReasons, QueueId } from '../../contracts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 h)');
const legacyWeekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Deprecated: `twilio.hours.<queue>`, per weekday [open, close) pairs (close at or before open runs past
 * midnight). Still accepted so existing files start; moved onto the queue once at start-up
 * (services/server/legacyHours.ts) and never read by the channel: every channel reads the queue's hours.
 */
export const LegacyTwilioHours = z
  .object({
    timeZone: IanaTimeZone,
    days: z.partialRecord(z.enum(legacyWeekdays), z.array(z.tuple([hhmm, hhmm])).max(8)),
  })
  .strict();
export type LegacyTwilioHours = z.infer<typeof LegacyTwilioHours>;

export const TwilioNumber = z
  .object({
    /** Our Twilio number in E.164. */
    number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +15550001111'),
    queueId: QueueId,
    sms: z.boolean().default(true),
    voice: z.boolean().default(true),
  })
  .strict();
export type TwilioNumber = z.infer<typeof TwilioNumber>;

/**
 * `config.twilio`. Twilio signs every webhook with the account's auth token, so the auth token is required;
 * an API key + secret, when given, is used for REST calls and is needed to mint Voice SDK tokens.
 */
export const TwilioConfig = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits'),
    authToken: z.string().min(16).max(128),
    apiKey: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, 'SK followed by 32 hex digits')
      .optional(),
    apiSecret: z.string().min(16).max(128).optional(),
    /** TwiML App the Voice SDK uses for outgoing calls from the desktop. */
    twimlAppSid: z
      .string()
      .regex(/^AP[0-9a-fA-F]{32}$/)
      .optional(),
    /** The base URL Twilio reaches this hub at; defaults to the hub's publicUrl. Signatures are checked against it. */
    publicUrl: z.string().url().optional(),
    /** Where REST calls go instead of https://*.twilio.com (a recording server in tests, a proxy in odd networks). */
    restBaseUrl: z.string().url().optional(),
    /**
     * Where the desk's Voice SDK signals instead of Twilio's edge (host:port, always wss): a local stand-in in
     * tests, never set in production. The SDK's insights publishing is turned off with it.
     */
    sdkSignallingHost: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'host or host:port')
      .optional(),
    numbers: z.array(TwilioNumber).min(1).max(500),
    /** Deprecated (see LegacyTwilioHours): business hours are set on the queue. */
    hours: z.record(QueueId, LegacyTwilioHours).optional(),
    /** Largest webhook body accepted (Twilio's are a few KB; MMS with 10 media a little more). */
    webhookBodyLimit: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(64 * 1024),
    voice: z
      .object({
        // The spoken texts: unset = the built-in words in the queue's language (services/phrases); a text set
        // here is said as written, in every queue.
        holdMessage: z.string().max(500).optional(),
        /** The wait URL is requested again after this long, announcing the caller's position. */
        announceEverySeconds: z.number().int().min(5).max(600).default(30),
        holdMusicUrl: z.string().url().optional(),
        /** After this long in the queue the caller is offered voicemail (0 = never). */
        maxWaitSeconds: z
          .number()
          .int()
          .min(0)
          .max(24 * 3600)
          .default(0),
        /** staffed: voicemail when no agent able to take calls on the queue is signed in and not away. */
        voicemailWhen: z.enum(['staffed', 'never']).default('staffed'),
        voicemailGreeting: z.string().max(500).optional(),
        closedGreeting: z.string().max(500).optional(),
        voicemailMaxSeconds: z.number().int().min(5).max(600).default(120),
        ringAgentSeconds: z.number().int().min(5).max(120).default(20),
        /** Record every bridged call (all queues); recordQueues records only those queues' calls. */
        recordCalls: z.boolean().default(false),
        recordQueues: z.array(QueueId).max(500).default([]),
        /** Played to the caller before they wait, on every call that will be recorded. */
        recordingAnnouncement: z.string().min(1).max(500).optional(),
        /** The Twilio edge the desk's Voice SDK connects through (e.g. "ashburn", "dublin"); Twilio picks when unset. */
        sdkEdge: z
          .string()
          .regex(/^[a-z-]{2,40}$/)
          .optional(),
        tokenTtlSeconds: z
          .number()
          .int()
          .min(60)
          .max(24 * 3600)
          .default(3600),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((c) => (c.apiKey === undefined) === (c.apiSecret === undefined), {
    message: 'apiKey and apiSecret go together',
    path: ['apiKey'],
  });
export type TwilioConfig = z.output<typeof TwilioConfig>;

/** Whether calls to this queue are recorded (and so announce it first). */
export function recordsQueue(config: TwilioConfig, queueId: string): boolean {
  return config.voice.recordCalls || config.voice.recordQueues.includes(queueId);
}
export type TwilioConfigInput = z.input<typeof TwilioConfig>;

export type ParsedTwilioConfig =
  Readonly<{ enabled: true; config: TwilioConfig; publicUrl: string }> | Readonly<{ enabled: false; reason: string; logDetail: string }>;

/** Absent or invalid -> disabled with a reason a supervisor can act on; never throws. */
export function parseTwilioConfig(section: unknown, hubPublicUrl: string | undefined): ParsedTwilioConfig {
  // `reason` is read by people (telephony/status, a failed send); `logDetail` names the keys for the log.
  if (section === undefined || section === null)
    return { enabled: false, reason: offReasons.phoneAbsent, logDetail: 'config.twilio is not set (account SID, auth token, numbers)' };
  const parsed = TwilioConfig.safeParse(section);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { enabled: false, reason: offReasons.phoneInvalid, logDetail: `config.twilio is invalid (${issues.join('; ')})` };
  }
  const publicUrl = parsed.data.publicUrl ?? hubPublicUrl;
  if (!publicUrl)
    return {
      enabled: false,
      reason: offReasons.phoneNoPublicUrl,
      logDetail: 'no public URL (config.publicUrl or config.twilio.publicUrl) to check webhook signatures against',
    };
  return { enabled: true, config: parsed.data, publicUrl: publicUrl.replace(/\/+$/, '') };
}

/** Start-up check: Twilio signs every webhook against the URL it reaches the hub at, so one must be known. */
export function twilioNeedsPublicUrl(
  section: unknown,
  config: Readonly<{ publicUrl?: string }>,
): Readonly<{ path: string; problem: string }> | null {
  const own = typeof section === 'object' && section !== null ? (section as { publicUrl?: unknown }).publicUrl : undefined;
  if (own || config.publicUrl) return null;
  return {
    path: 'twilio.publicUrl',
    problem: 'required (or the top-level publicUrl): the URL Twilio reaches this hub at, which its webhook signatures are checked against',
  };
}
