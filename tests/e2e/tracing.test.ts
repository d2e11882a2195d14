import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { startTracing, type Tracing } from '../../apps/shared/observability/tracing';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 19, tracing: with CLEARWAY_OTEL on, one trace runs from the API request through the
 * Temporal client's start, the workflow and its activities. Spans go to an in-memory exporter in
 * place of the console one; the worker bundles its workflows with the OpenTelemetry interceptors.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let stack: TestStack;

beforeAll(async () => {
  tracing = (await startTracing({ CLEARWAY_OTEL: 'console' }, 'test', exporter))!;
  stack = await startTestStack('e2e-tracing', {}, { tracing });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await tracing?.shutdown();
});

test('one trace from the API request through the workflow to its activities', async () => {
  const clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: `E2E-OTEL-${Date.now()}` },
  });
  expect(lodged.status).toBe(202);
  const named = (spans: ReadableSpan[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
  const spans = await eventually(
    async () => exporter.getFinishedSpans(),
    // The workflow's StartActivity span reaches the exporter through a sink, after its activation:
    // it can come after the activity's own span.
    (all) =>
      named(all, 'RunActivity:assessDeclaration').length > 0 && named(all, 'StartActivity:').length > 0,
    60_000,
  );
  const request = named(spans, 'HTTP POST /v1/declarations');
  expect(request).toHaveLength(1);
  const traceId = request[0].spanContext().traceId;
  // The workflow's own span (RunWorkflow) ends with its run: the declaration is still open here.
  const inTrace = spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
  expect(inTrace).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^StartWorkflow:/),
      expect.stringMatching(/^StartActivity:/),
      'RunActivity:assessDeclaration',
    ]),
  );
});
