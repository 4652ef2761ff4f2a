import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { publicRoutes } from '../../services/contracts';
import { openApiPath } from '../../services/platform/api/openapi';
import { PLATFORM } from '../../services/platform/service';
import { allScopes, api, createKey } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; 'x-scope': string; responses: Record<string, unknown>; parameters: unknown[] }>
  >;
  components: { schemas: Record<string, object> };
};

let t: TestHub;
let doc: Doc;
beforeAll(async () => {
  t = await startTestHub();
  await seed(t, [{ username: 'ann' }]);
  const res = await fetch(`${t.hub.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await t.stop();
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and every schema in it compiles as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    let compiled = 0;
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.schema && typeof o.schema === 'object' && !('$ref' in o.schema)) {
        ajv.compile(o.schema);
        compiled += 1;
      }
      for (const v of Object.values(o)) walk(v);
    };
    walk(doc.paths);
    expect(compiled).toBeGreaterThan(40);
    for (const s of Object.values(doc.components.schemas)) ajv.compile(s);
  });

  it('documents exactly the routes the hub registered under /api/v1, each with its scope', () => {
    const registered = t.hub.services.require(PLATFORM).routes.map((r) => r.replace(/:([A-Za-z_]+)/g, '{$1}'));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = registered.filter((r) => !r.endsWith('/openapi.json') && !r.endsWith('/docs'));
    expect(served.sort()).toEqual(documented.sort());
    expect(served).toHaveLength(Object.keys(publicRoutes).length);
    for (const spec of Object.values(publicRoutes)) {
      expect(doc.paths[openApiPath(spec.path)]?.[spec.method.toLowerCase()]?.['x-scope']).toBe(spec.scope);
    }
  });

  it('every documented route answers (no route is documented but missing): unauthenticated with the error shape', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const url = path.replace('/api/v1', '').replace('{id}', '1');
        const r = await api(t, null, method.toUpperCase(), url, method === 'post' ? {} : undefined);
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(r.body).toMatchObject({ code: 'unauthenticated', message: expect.any(String) });
      }
    }
    // An unknown route under /api/v1 is not_found in the same shape.
    expect(await api(t, null, 'GET', '/nope')).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('serves a docs page listing every route', async () => {
    const res = await fetch(`${t.hub.url}/api/v1/docs`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const spec of Object.values(publicRoutes)) expect(html).toContain(openApiPath(spec.path).replace(/&/g, '&amp;'));
  });

  it('error replies validate against the documented Error schema', async () => {
    const admin = await t.admin();
    const key = (await createKey(admin, allScopes)).secret;
    await t.hub.center.ingest(chatEvent());
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(doc.components.schemas.Error!);
    for (const r of [
      await api(t, key, 'GET', '/customers/0'),
      await api(t, key, 'GET', '/customers?limit=100000'),
      await api(t, key, 'GET', '/customers/99999'),
      await api(t, 'sbk_1_' + 'x'.repeat(43), 'GET', '/customers'),
    ]) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(validate(r.body), JSON.stringify(r.body)).toBe(true);
    }
  });
});
