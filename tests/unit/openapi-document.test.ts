import { buildOpenApiDocument } from '../../apps/api/openapi/document';

/** Every `$ref` of the OpenAPI document must resolve from its root (clients and schemathesis resolve it so). */
test('every $ref in the OpenAPI document resolves from the root, including the recursive risk profile', () => {
  const doc = buildOpenApiDocument();
  const refs: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object')
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v);
        else walk(v);
      }
  };
  walk(doc);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref.startsWith('#/')).toBe(true);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
    expect({ ref, resolved: target !== undefined }).toEqual({ ref, resolved: true });
  }
  const body = (
    doc.paths['/v1/risk-profiles'] as Record<
      string,
      { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }
    >
  ).post.requestBody!.content['application/json'].schema;
  expect(JSON.stringify(body)).toMatch(/#\/components\/schemas\//);
  expect(body.$defs).toBeUndefined();
  expect(body.$id).toBeUndefined();
});
