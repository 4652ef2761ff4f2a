import { z } from 'zod';
import { ApiError, apiScopeLabels, publicRoutes, webhookEventTypes, WebhookPayload, type PublicRouteSpec } from '../../contracts';
import { statusOf } from './errors';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

/** `/customers/:id` -> `/customers/{id}` */
export const openApiPath = (path: string): string => `/api/v1${path.replace(/:([A-Za-z_]+)/g, '{$1}')}`;

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name) ? true : undefined,
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(name: string, spec: PublicRouteSpec): JsonSchema {
  const response = toSchema(spec.response, 'output');
  const ok = spec.stream
    ? {
        description: 'Rows streamed as they are read (CSV with a header line, or a JSON array of these objects)',
        content: { 'application/json': { schema: { type: 'array', items: response } }, 'text/csv': { schema: { type: 'string' } } },
      }
    : { description: 'OK', content: { 'application/json': { schema: response } } };
  const responses: Record<string, unknown> = {
    [spec.method === 'POST' ? '201' : '200']: ok,
    [String(statusOf.invalid_input)]: errorResponse('invalid_input: a parameter, query or body field is wrong (see issues)'),
    [String(statusOf.unauthenticated)]: errorResponse('unauthenticated: no key, an unknown, revoked or expired key'),
    [String(statusOf.forbidden)]: errorResponse(`forbidden: the key lacks the ${spec.scope} scope`),
    [String(statusOf.rate_limited)]: errorResponse("rate_limited: over the key's requests per minute"),
  };
  if (spec.params) responses[String(statusOf.not_found)] = errorResponse('not_found');
  if (spec.method !== 'GET') responses[String(statusOf.conflict)] = errorResponse('conflict: the current state does not allow it');
  if (spec.etag) responses['304'] = { description: 'Not modified (If-None-Match matched the ETag)' };
  return {
    operationId: name,
    summary: spec.summary,
    description: [spec.description, `Scope: \`${spec.scope}\` (${spec.scope ? apiScopeLabels[spec.scope] : 'public'}).`]
      .filter(Boolean)
      .join('\n\n'),
    tags: [spec.path.split('/')[1]],
    security: [{ apiKey: [] }],
    'x-scope': spec.scope,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
    responses,
  };
}

let cached: JsonSchema | null = null;

/** OpenAPI 3.1, generated from the same zod schemas the hub validates with. */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(publicRoutes) as Array<[string, PublicRouteSpec]>) {
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(name, spec) };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard public API',
      version: '1',
      description:
        'Read customers, conversations, queues, agents and reports; start conversations and send messages; export data; exercise customer data rights. Authenticate with an API key an administrator created: `Authorization: Bearer sbk_…`. Errors are always `{code, message, issues?}`. See docs/api.md for webhooks.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: toSchema(ApiError, 'output'), WebhookPayload: toSchema(WebhookPayload, 'output') },
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (sbk_…) created by an administrator' } },
    },
    'x-webhook-event-types': webhookEventTypes,
  };
  return cached;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page listing every route, its scope and summary, linking to the JSON document. */
export function docsPage(doc: JsonSchema): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { summary: string; 'x-scope': string }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td><code>${escape(op['x-scope'])}</code></td><td>${escape(op.summary)}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Switchboard API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1d232b}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde2e8;padding:.4rem .5rem;text-align:left;vertical-align:top}code{font:13px ui-monospace,monospace}th{font-weight:600}</style>
<h1>Switchboard public API</h1>
<p>Every route needs an API key (<code>Authorization: Bearer sbk_…</code>) with the scope shown. Errors are <code>{"code","message","issues"}</code> with the matching HTTP status. The full schema is <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1); webhooks and examples are in docs/api.md.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Scope</th><th>What it does</th></tr></thead><tbody>${rows.join('')}</tbody></table></html>`;
}
