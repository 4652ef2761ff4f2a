import type { ApiScope } from '../../services/contracts';
import type { AgentClient } from './agentClient';
import type { TestHub } from './testHub';

/** An API key made the way an admin makes one (the platform/apiKeyCreate command). */
export async function createKey(
  admin: AgentClient,
  scopes: readonly ApiScope[],
  over: Partial<{ name: string; rateLimitPerMinute: number; expiresAt: number }> = {},
): Promise<{ id: number; secret: string }> {
  const { key, secret } = await admin.ok('platform/apiKeyCreate', {
    name: over.name ?? `test key ${scopes.length} scopes`,
    scopes: [...scopes],
    ...over,
  });
  return { id: key.id, secret };
}

export type ApiReply = { status: number; body: unknown; headers: Headers; text: string };

/** A real HTTP request to the hub's public API. */
export async function api(
  t: TestHub,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiReply> {
  const res = await fetch(`${t.hub.url}/api/v1${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // CSV and other text stays text
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

export const allScopes: readonly ApiScope[] = [
  'customers:read',
  'conversations:read',
  'messages:write',
  'queues:read',
  'agents:read',
  'metrics:read',
  'exports:read',
  'customers:export',
  'customers:erase',
];
