import { z } from 'zod';
import { ROUTES, type RouteDoc } from './routes';

type JsonSchema = Record<string, unknown>;

/**
 * Shared definitions of the document (`components.schemas`). zod puts the definitions of a recursive
 * schema in its own `$defs` with `$ref: '#/$defs/...'`, which a client resolves from the root of the
 * OpenAPI document, where they are not: they are hoisted here and the references rewritten.
 */
let components: Record<string, JsonSchema> = {};

function rewriteRefs(node: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, map));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? map(v) : rewriteRefs(v, map),
    ]),
  );
}

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect); `io` picks the request or response side. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const {
    $schema: _drop,
    $id: _id,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  if (!$defs || typeof $defs !== 'object') return rest;
  const prefix = `s${Object.keys(components).length}`;
  const map = (ref: string) =>
    ref.startsWith('#/$defs/') ? `#/components/schemas/${prefix}_${ref.slice('#/$defs/'.length)}` : ref;
  for (const [name, def] of Object.entries($defs as Record<string, JsonSchema>))
    components[`${prefix}_${name}`] = rewriteRefs(def, map) as JsonSchema;
  return rewriteRefs(rest, map) as JsonSchema;
}

/** The properties of a params or query object as OpenAPI parameters. */
function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
    schema: prop,
  }));
}

function operation(r: RouteDoc) {
  const publicRoute = r.roles === 'public';
  return {
    operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: [r.tag],
    'x-roles': publicRoute ? [] : [...r.roles],
    security: publicRoute ? [] : [{ bearer: [] }],
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
    ...(r.body || r.xml
      ? {
          requestBody: {
            required: true,
            content: {
              ...(r.body ? { 'application/json': { schema: jsonSchema(r.body, 'input') } } : {}),
              ...(r.xml ? { 'application/xml': { schema: { type: 'string', description: r.xml } } } : {}),
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(r.responses).map(([status, res]) => [
        status,
        {
          description: res.description,
          ...(res.schema || res.xml
            ? {
                content: {
                  ...(res.schema
                    ? {
                        [res.contentType ?? 'application/json']: { schema: jsonSchema(res.schema, 'output') },
                      }
                    : {}),
                  ...(res.xml
                    ? { 'application/xml': { schema: { type: 'string', description: res.xml } } }
                    : {}),
                },
              }
            : res.contentType
              ? { content: { [res.contentType]: {} } }
              : {}),
        },
      ]),
    ),
  };
}

/** The OpenAPI 3.1 document of the route table. */
export function buildOpenApiDocument(routes: readonly RouteDoc[] = ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  components = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(r);
  const schemas = components;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clearway API',
      version: '1',
      description:
        'Customs clearance engine. Bearer JWT on every route except the public ones; `x-roles` lists the roles allowed. Errors: `{ error, message, issues: [{ path, message, code }] }`.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
    },
    paths,
  };
}
export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pre = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

/** A plain HTML rendering of the document: no script, no CDN (the network is closed). */
export function renderDocsHtml(doc: OpenApiDocument): string {
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, opRaw] of Object.entries(methods)) {
      const op = opRaw as ReturnType<typeof operation>;
      const roles = op['x-roles'].length ? op['x-roles'].join(', ') : 'public';
      const params = op.parameters.length
        ? `<table><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${op.parameters
            .map(
              (p) =>
                `<tr><td><code>${esc(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      const body =
        'requestBody' in op && op.requestBody
          ? `<details><summary>request body</summary>${pre(Object.values(op.requestBody.content as Record<string, { schema: unknown }>)[0].schema)}</details>`
          : '';
      const responses = Object.entries(op.responses)
        .map(([status, r]) => {
          const content = (r as { content?: Record<string, { schema?: unknown }> }).content;
          const schema = content ? Object.values(content)[0]?.schema : undefined;
          return `<li><strong>${status}</strong> ${esc(r.description)}${schema ? `<details><summary>schema</summary>${pre(schema)}</details>` : ''}</li>`;
        })
        .join('');
      ops.push(
        `<section class="op" id="${esc(op.operationId)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>` +
          `<p>${esc(op.summary)}</p>${'description' in op && op.description ? `<p class="d">${esc(op.description)}</p>` : ''}` +
          `<p class="roles">roles: ${esc(roles)}</p>${params}${body}<ul>${responses}</ul></section>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} reference</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1rem;color:#1d2330}
.op{border:1px solid #d9dee7;border-radius:6px;padding:.2rem 1rem;margin:.8rem 0}
.m{font-weight:700;padding:0 .4rem;border-radius:3px;color:#fff;background:#0b5cad}.m.post{background:#1a7f37}.m.delete{background:#b42318}
pre{background:#f6f7f9;padding:.5rem;overflow:auto;font-size:12px}table{border-collapse:collapse}td,th{border:1px solid #d9dee7;padding:.2rem .5rem;text-align:left;font-size:13px}
.roles{color:#5c6677}</style></head><body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>${ops.join('\n')}</body></html>`;
}
