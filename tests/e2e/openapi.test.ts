import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { createApi } from '../../apps/api/app';
import { startTestStack, type TestStack } from '../support/api';

/**
 * The OpenAPI document lists every route Nest registered: a new route without an entry in
 * apps/api/openapi/routes/ fails here, and so do roles that differ from the route's @Roles.
 */
let stack: TestStack;
let doc: {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        'x-roles': string[];
        parameters: { name: string; in: string }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }
    >
  >;
};
let app: INestApplication;

beforeAll(async () => {
  stack = await startTestStack('e2e-openapi');
  const res = await stack.request('GET', '/docs/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  // A second, unstarted instance of the same application to read what Nest registered.
  app = await createApi({
    config: stack.config,
    client: stack.client,
    pool: stack.pool,
    authSecret: 'x'.repeat(32),
  });
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await stack?.close();
});

/** Express path `/v1/cases/:kind/:id` -> OpenAPI `/v1/cases/{kind}/{id}`. */
const toTemplate = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/+$/, '') || '/';

/** Every (method, path) on the Express router, as Nest mounted the controllers. */
function expressRoutes(): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: unknown[] };
    _router?: { stack: unknown[] };
  };
  const layers = (express.router ?? express._router)!.stack as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  const out: string[] = [];
  for (const l of layers) {
    if (!l.route) continue;
    for (const [m, on] of Object.entries(l.route.methods))
      if (on && m !== '_all') out.push(`${m} ${toTemplate(l.route.path)}`);
  }
  return [...new Set(out)].sort();
}

/** Every handler Nest knows, with its roles metadata (or public). */
function nestHandlers(): { key: string; roles: string[] | 'public' }[] {
  const out: { key: string; roles: string[] | 'public' }[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: never[]) => unknown) | undefined;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler);
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        const path = toTemplate(
          '/' +
            [base, String(sub)]
              .map((s) => s.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/'),
        );
        const isPublic =
          Reflect.getMetadata('clearway:public', handler) ?? Reflect.getMetadata('clearway:public', ctrl);
        const roles =
          Reflect.getMetadata('clearway:roles', handler) ?? Reflect.getMetadata('clearway:roles', ctrl) ?? [];
        out.push({ key: `${method} ${path}`, roles: isPublic ? 'public' : [...roles].sort() });
      }
    }
  }
  return out;
}

describe('OpenAPI at /docs', () => {
  test('is an OpenAPI 3.1 document served without a token', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  test('documents every route Nest registered', () => {
    const registered = expressRoutes();
    expect(registered.length).toBeGreaterThan(10);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    // ... and documents nothing that does not exist.
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
  });

  test('the roles in the document are the roles the guard enforces', () => {
    const handlers = nestHandlers();
    expect(handlers.length).toBe(expressRoutes().length);
    for (const h of handlers) {
      const [method, path] = h.key.split(' ');
      const op = doc.paths[path]?.[method];
      expect({
        route: h.key,
        roles: op ? (op['x-roles'].length ? [...op['x-roles']].sort() : 'public') : 'missing',
      }).toEqual({ route: h.key, roles: h.roles });
    }
  });

  test('routes carry their schemas: path parameters, query filters, request bodies, error shape', () => {
    const caseView = doc.paths['/v1/cases/{kind}/{id}'].get;
    expect(caseView.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:kind', 'path:id']);
    const list = doc.paths['/v1/cases'].get;
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['state', 'office', 'stuck', 'olderThan', 'pageToken']),
    );
    const lodge = doc.paths['/v1/declarations'].post as {
      requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
    };
    expect(Object.keys(lodge.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['lrn', 'declarant', 'officeOfDeclaration']),
    );
    const signal = doc.paths['/v1/cases/{kind}/{id}/signals/{signal}'].post as {
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
    };
    expect(signal.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    expect(Object.keys(doc.paths['/v1/statistics/release-times'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403']),
    );
  });

  test('/docs is a readable page listing the routes, with no script and no external resource', async () => {
    const res = await fetch(`${stack.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<code>/v1/statistics/release-times</code>');
    expect(html).toContain('<code>/v1/cases/{kind}/{id}/signals/{signal}</code>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
