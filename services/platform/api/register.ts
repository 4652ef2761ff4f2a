import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { assertNever, HubError, publicRoutes, type PublicRouteName, type PublicRouteSpec } from '../../contracts';
import { toIssues } from '../../hub/agentSocket';
import type { AuditTrail } from '../../hub/audit';
import type { HubModuleContext } from '../../hub/module';
import { METRICS } from '../../metrics/module';
import { KeyRefused, type ApiKeys, type Caller } from '../keys';
import type { DownloadLinks } from './downloads';
import { registerErrorShapes } from './errors';
import { conversationChunks, MAX_REPORT_DAYS, messageChunks, reportChunks, streamRows } from './exports';
import type { JsonHandlers } from './handlers';
import { docsPage, openApiDocument } from './openapi';

const DAY_MS = 86_400_000;

/** Routes a console download link may open (everything else needs an API key). */
const DOWNLOADABLE: ReadonlySet<PublicRouteName> = new Set(['exportConversations', 'exportMessages', 'exportReport', 'customerExport']);

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) {
    const empty = value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0);
    if (!empty) throw new HubError('invalid_input', `this route takes no ${where}`);
    return undefined as T;
  }
  const result = schema.safeParse(value ?? {});
  if (!result.success)
    throw new HubError(
      'invalid_input',
      `invalid ${where}`,
      toIssues(result.error).map((i) => ({ ...i, path: i.path ? `${where}.${i.path}` : where })),
    );
  return result.data;
}

type Deps = Readonly<{
  ctx: HubModuleContext;
  keys: ApiKeys;
  links: DownloadLinks;
  handlers: JsonHandlers;
  audit: AuditTrail;
  /** Filled with `METHOD /api/v1/path` of every route fastify registers here (the OpenAPI test compares). */
  registered: string[];
}>;

/** Every route of the public API table under /api/v1, plus the OpenAPI document and the docs page. */
export function registerPublicApi(app: FastifyInstance, deps: Deps): void {
  const document = openApiDocument();
  void app.register(
    async (api) => {
      api.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD') deps.registered.push(`${method} ${route.url}`);
      });
      registerErrorShapes(api);
      // Every use of a key is audited, refusals included once the key is known (who tried what).
      api.addHook('onResponse', async (request, reply) => {
        const caller = (request as FastifyRequest & { caller?: Caller }).caller;
        if (!caller) return;
        const route = request.routeOptions.url ?? request.url;
        await deps.audit
          .record(caller.actor, {
            action: 'api.request',
            target: `${request.method} ${route}`,
            detail: { status: reply.statusCode, path: request.url.replace(/([?&])token=[^&]*/, '$1token=…').slice(0, 500) },
          })
          .catch((err: unknown) => request.log.warn({ err }, 'audit record failed'));
      });

      api.get('/openapi.json', async () => document);
      api.get('/docs', async (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(docsPage(document)),
      );

      for (const [name, spec] of Object.entries(publicRoutes) as Array<[PublicRouteName, PublicRouteSpec]>) {
        api.route({
          method: spec.method,
          url: spec.path,
          handler: async (request, reply) => {
            let caller: Caller;
            try {
              caller = await authenticate(request, name, spec, deps);
            } catch (error) {
              if (error instanceof KeyRefused) (request as FastifyRequest & { caller?: Caller }).caller = error.caller;
              throw error;
            }
            (request as FastifyRequest & { caller?: Caller }).caller = caller;
            const input = {
              params: parse(spec.params, request.params, 'params'),
              query: parse(spec.query, request.query, 'query'),
              body: parse(spec.body, spec.method === 'GET' || spec.method === 'DELETE' ? undefined : request.body, 'body'),
              caller,
            };
            if (spec.stream) return stream(name as StreamRoute, input.query as StreamQuery, reply, deps);
            const handler = deps.handlers[name as keyof JsonHandlers] as (i: typeof input) => Promise<unknown>;
            const result = await handler(input);
            if (spec.method === 'POST') void reply.code(201);
            return spec.etag ? withEtag(request, reply, result) : result;
          },
        });
      }
    },
    { prefix: '/api/v1' },
  );
}

async function authenticate(request: FastifyRequest, name: PublicRouteName, spec: PublicRouteSpec, deps: Deps): Promise<Caller> {
  if (spec.scope === null) throw new HubError('internal', 'public route without a scope');
  if (DOWNLOADABLE.has(name) && /[?&]token=/.test(request.url)) {
    const caller = deps.links.check(request.url);
    if (!caller) throw new HubError('unauthenticated', 'this download link has expired or is not valid; start the download again');
    const agent = caller.actor.kind === 'agent' ? deps.ctx.center.agent(caller.actor.agentId) : undefined;
    if (!agent || agent.role !== 'admin' || agent.disabledAt !== null) throw new HubError('forbidden', 'downloads are for administrators');
    return caller;
  }
  return deps.keys.authenticate(request.headers.authorization, spec.scope);
}

/** A weak ETag of the JSON reply: a partner polling one record gets 304 and no body while it is unchanged. */
function withEtag(request: FastifyRequest, reply: FastifyReply, result: unknown): unknown {
  const body = JSON.stringify(result);
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((t) => t.trim() === etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

type StreamQuery = Readonly<{ from: number; to?: number; format: 'csv' | 'json' }>;
type StreamRoute = 'exportConversations' | 'exportMessages' | 'exportReport';

function stream(name: StreamRoute, q: StreamQuery, reply: FastifyReply, deps: Deps): FastifyReply {
  const { store, now } = deps.ctx;
  const to = q.to ?? now();
  if (to <= q.from) throw new HubError('invalid_input', 'from must be before to', [{ path: 'query.to', message: 'not after from' }]);
  const stamp = new Date(now()).toISOString().slice(0, 10);
  const send = (what: string, body: NodeJS.ReadableStream) =>
    reply
      .type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="switchboard-${what}-${stamp}.${q.format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  switch (name) {
    case 'exportConversations':
      return send(
        'conversations',
        streamRows(
          q.format,
          [
            'id',
            'channel',
            'customerId',
            'queueId',
            'state',
            'subject',
            'assignedAgentId',
            'createdAt',
            'firstResponseAt',
            'closedAt',
            'disposition',
            'messageCount',
          ],
          () => conversationChunks(store, q.from, to),
        ),
      );
    case 'exportMessages':
      return send(
        'messages',
        streamRows(
          q.format,
          ['id', 'conversationId', 'channel', 'customerId', 'direction', 'authorAgentId', 'bodyText', 'status', 'createdAt'],
          () => messageChunks(store, q.from, to),
        ),
      );
    case 'exportReport': {
      if (to - q.from > MAX_REPORT_DAYS * DAY_MS)
        throw new HubError('invalid_input', `a report export covers at most ${MAX_REPORT_DAYS} days`);
      const metrics = deps.ctx.services.require(METRICS);
      return send(
        'report',
        streamRows(
          q.format,
          [
            'day',
            'from',
            'to',
            'queueId',
            'channel',
            'arrivals',
            'reopened',
            'transfersIn',
            'transfersOut',
            'answered',
            'answeredInSl',
            'abandoned',
            'shortAbandoned',
            'serviceLevel',
            'asaMs',
            'abandonRate',
            'handled',
            'ahtMs',
            'firstResponses',
            'frtMs',
          ],
          () => reportChunks(metrics, q.from, to),
        ),
      );
    }
    default:
      return assertNever(name);
  }
}
