import formbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { validTwilioSignature } from './signature';

/** Form fields as Twilio posts them: every value a string (a repeated key would arrive as an array). */
export type WebhookParams = Readonly<Record<string, string | string[]>>;

export type WebhookReply = Readonly<{ status?: number; twiml?: string; json?: unknown }>;

export type WebhookRoute<S extends z.ZodType> = Readonly<{
  path: string;
  schema: S;
  handle(body: z.output<S>, request: Readonly<{ query: URLSearchParams; params: WebhookParams }>): Promise<WebhookReply>;
}>;

export type WebhookScopeOptions = Readonly<{
  prefix: string;
  log: FastifyBaseLogger;
  /** Called for every refused request (metrics, audit); must not throw. */
  onRefused?(reason: Readonly<{ path: string; status: number; code: string }>): void;
}>;

/** The account and routes the webhooks answer with now: settings saved on screen swap them live. */
export type WebhookSet = Readonly<{
  publicUrl: string;
  authToken: string;
  accountSid: string;
  bodyLimit: number;
  routes: ReadonlyArray<WebhookRoute<z.ZodType>>;
}>;

/** Largest body the scope's parser takes at all; each request is held to the current set's own limit. */
const MAX_BODY = 1024 * 1024;

const FORM = 'application/x-www-form-urlencoded';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** The exact URL Twilio requested (and signed): the public base plus path and query as received. */
export function signedUrl(publicUrl: string, requestUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${requestUrl}`;
}

/**
 * Registers Twilio webhooks in their own fastify scope: form bodies only (formbody is scoped here, the
 * rest of the hub keeps JSON only), a small body limit, and X-Twilio-Signature checked before any handler
 * runs. Refusals are 4xx with a JSON reason and store nothing. Registered once for the hub's life: each
 * request is answered by the set `current()` returns (404 while phone and SMS are not set up).
 */
export async function registerWebhooks(
  app: FastifyInstance,
  options: WebhookScopeOptions,
  current: () => WebhookSet | null,
): Promise<void> {
  const refuse = (reply: FastifyReply, request: FastifyRequest, status: number, code: string, message: string): FastifyReply => {
    options.log.warn({ path: request.url.split('?')[0], status, code }, `twilio webhook refused: ${message}`);
    options.onRefused?.({ path: request.url.split('?')[0] ?? '', status, code });
    return reply.code(status).type('application/json').send({ code, message });
  };

  await app.register(
    async (scope) => {
      await scope.register(formbody, { bodyLimit: MAX_BODY });
      // Before the body is read: a request over the current account's limit is refused unread.
      scope.addHook('onRequest', async (request, reply) => {
        const set = current();
        const length = Number(request.headers['content-length'] ?? 0);
        if (set && length > set.bodyLimit) return refuse(reply, request, 413, 'body_too_large', 'Request body is too large');
        return undefined;
      });
      scope.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        if (status === 500) options.log.error({ err: error }, 'twilio webhook failed');
        const code =
          status === 413
            ? 'body_too_large'
            : status === 415
              ? 'unsupported_media_type'
              : status === 500
                ? 'internal'
                : (error.code ?? 'bad_request');
        return refuse(reply, request, status, code, status === 500 ? 'internal error; nothing was acknowledged' : error.message);
      });

      scope.post<{ Params: { '*': string } }>('/*', { bodyLimit: MAX_BODY }, async (request, reply) => {
        const set = current();
        const route = set?.routes.find((r) => r.path === `/${request.params['*']}`);
        if (!set || !route)
          return refuse(reply, request, 404, 'not_found', set ? 'no such webhook' : 'phone and SMS are not set up on this hub');
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (contentType !== FORM) return refuse(reply, request, 415, 'unsupported_media_type', `Twilio webhooks are ${FORM}`);
        const body = request.body;
        if (!isFormObject(body)) return refuse(reply, request, 400, 'invalid_input', 'empty or malformed form body');
        const signature = request.headers['x-twilio-signature'];
        if (typeof signature !== 'string' || signature.length === 0) {
          return refuse(reply, request, 403, 'missing_signature', 'X-Twilio-Signature header is missing');
        }
        const url = signedUrl(set.publicUrl, request.url);
        if (!validTwilioSignature(set.authToken, signature, url, body)) {
          return refuse(reply, request, 403, 'bad_signature', 'X-Twilio-Signature does not match this request');
        }
        // A request signed with our token but for another account is a configuration mistake; refuse it too.
        if (typeof body.AccountSid === 'string' && body.AccountSid !== set.accountSid) {
          return refuse(reply, request, 403, 'wrong_account', 'AccountSid is not the configured account');
        }
        const parsed = route.schema.safeParse(body);
        if (!parsed.success) {
          const fields = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`);
          return refuse(reply, request, 400, 'invalid_input', `missing or invalid fields (${fields.join('; ')})`);
        }
        const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
        const result = await route.handle(parsed.data, { query, params: body });
        const status = result.status ?? 200;
        if (result.json !== undefined) return reply.code(status).type('application/json').send(result.json);
        return reply
          .code(status)
          .type('text/xml')
          .send(result.twiml ?? EMPTY_TWIML);
      });
    },
    { prefix: options.prefix },
  );
}

function isFormObject(body: unknown): body is Record<string, string | string[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return Object.values(body).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
}

/** A webhook refusal decided by a handler (unknown number, stale reference): 4xx, nothing stored. */
export function refusal(status: number, code: string, message: string): WebhookReply {
  return { status, json: { code, message } };
}

export { EMPTY_TWIML };
