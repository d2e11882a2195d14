// First: it installs this process's Temporal runtime, logging and exporting like a worker process.
import { lines, logs, raw, sdkMetricsUrl } from '../support/observed-runtime';
import { clearance, stack, treasury, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';

/**
 * Issue 19: the API's and the worker's metrics move when a declaration is released, and one request
 * id runs from the API's log lines through the workflow (its memo) to its activities' lines, with no
 * declarant name or TIN in any line. The stack logs JSON at debug into `lines`, as does the Temporal
 * runtime of this test process, which exports its metrics like a worker process's.
 */
useClearanceStack(
  'e2e-observability',
  { CLEARWAY_WORKER_METRICS_PORT: '0', LOG_LEVEL: 'debug' },
  { logs, sdkMetricsUrl },
);

const declaration = example('declaration-import.json');
const lrn = `E2E-OBS-${Date.now()}`;
const requestId = `obs-${Date.now()}`;

/** The value of one sample (`name{labels} value`) whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const found = text
    .split('\n')
    .filter(
      (l) => l.startsWith(name + '{') && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return found.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

let mrn: string;

beforeAll(async () => {
  const res = await fetch(`${stack.baseUrl}/v1/declarations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${clearance}`,
      'content-type': 'application/json',
      'x-request-id': requestId,
    },
    body: JSON.stringify({ ...declaration, lrn }),
  });
  expect(res.status).toBe(202);
  expect(res.headers.get('x-request-id')).toBe(requestId);
  mrn = ((await res.json()) as { mrn: string }).mrn;
  const due = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const paid = await stack.request('POST', `/v1/declarations/${mrn}/payments`, {
    token: treasury,
    body: { method: 'PAYMENT', reference: `TRS-${mrn}`, amount: due.duties.totals.total, currency: 'KZT' },
  });
  expect(paid.status).toBe(202);
  await viewWhen(mrn, (v) => v.state === 'RELEASED');
});

test("the worker's /metrics counts the case, its channel and its end, beside the SDK's runtime metrics", async () => {
  const text = await (await fetch(`${stack.workerMetricsUrl}/metrics`)).text();
  expect(sample(text, 'clearway_cases_started_total', { kind: 'declaration' })).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'clearway_channels_total', { kind: 'declaration', channel: 'GREEN' }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'clearway_cases_ended_total', { kind: 'declaration', state: 'RELEASED' }),
  ).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^clearway_outbox_pending\b|^# HELP clearway_outbox_lag_seconds/m);
  // The Temporal SDK's own exporter, appended: its metrics carry the `temporal_` prefix.
  expect(text).toMatch(/^temporal_\w+\{/m);
});

test("the API's /metrics needs an administrator and has latency by route template, no MRN", async () => {
  expect((await stack.request('GET', '/metrics')).status).toBe(401);
  expect((await stack.request('GET', '/metrics', { token: clearance })).status).toBe(403);
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const res = await stack.request('GET', '/metrics', { token: admin });
  expect(res.status).toBe(200);
  const text = String(res.body);
  const count = 'clearway_http_request_duration_seconds_count';
  expect(
    sample(text, count, { method: 'POST', route: '/v1/declarations', status: '202' }),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(text, count, { method: 'GET', route: '/v1/declarations/:mrn' })).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(mrn);
});

test('one request id in the API line, the workflow memo and the activities lines', async () => {
  const handle = stack.client.workflow.getHandle(`declaration/${mrn}`);
  expect((await handle.describe()).memo?.requestId).toBe(requestId);
  const ofRequest = lines.filter((l) => l.requestId === requestId);
  expect(ofRequest).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        service: 'api',
        msg: 'request completed',
        route: '/v1/declarations',
        status: 202,
      }),
    ]),
  );
  const activities = new Set(ofRequest.filter((l) => l.service === 'worker').map((l) => l.activity));
  expect([...activities]).toEqual(expect.arrayContaining(['assessDeclaration']));
  // Every activity line of this case's lodging carries the id: none of them is without it.
  const caseLines = lines.filter(
    (l) => l.service === 'worker' && l.workflowId === `declaration/${mrn}` && l.msg === 'activity started',
  );
  expect(caseLines.length).toBeGreaterThanOrEqual(activities.size);
  expect(caseLines.every((l) => typeof l.requestId === 'string')).toBe(true);
});

test('no declarant name, TIN or invoice number in any log line', () => {
  expect(raw.length).toBeGreaterThan(10);
  const all = raw.join('\n');
  for (const secret of [declaration.declarant.name, declaration.declarant.tin, declaration.invoice.number])
    expect(all).not.toContain(secret);
  expect(all).not.toContain(clearance);
});
