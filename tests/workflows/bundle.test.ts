import fs from 'node:fs';
import { bundlePath } from '../support/temporal';

/**
 * Validation happens once, at the API: each cached workflow instantiates every module of the bundle
 * (docs/benchmarks.md), so zod, the code lists and the zod-built schemas must not be in it. This reads
 * the bundle the workers load and lists its modules by webpack's own markers.
 */
const FORBIDDEN = [
  /node_modules\/zod\//,
  /node_modules\/i18n-iso-countries\//,
  /node_modules\/currency-codes\//,
  /\/domain\/schemas\//,
  /\/domain\/codes\.ts/,
  /\/domain\/risk\//,
  /\/config\//,
];

function bundledModules(): string[] {
  const code = fs.readFileSync(bundlePath(), 'utf8');
  return [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1]);
}

test('the workflow bundle holds the workflows, contracts and pure domain code', () => {
  const modules = bundledModules();
  expect(modules).toEqual(
    expect.arrayContaining(['./workflows/index.ts', './contracts/index.ts', './domain/channels.ts']),
  );
  expect(modules.some((m) => m.includes('node_modules/@temporalio/workflow/'))).toBe(true);
});

test('the workflow bundle holds no zod, no code lists and no zod-built schemas', () => {
  const offending = bundledModules().filter((m) => FORBIDDEN.some((re) => re.test(m)));
  expect(offending).toEqual([]);
});

test('the bundle carries the request-id interceptors and, with tracing off, no OpenTelemetry', () => {
  const modules = bundledModules();
  expect(modules).toContain('./workflows/interceptors.ts');
  expect(modules.filter((m) => m.includes('opentelemetry'))).toEqual([]);
});
