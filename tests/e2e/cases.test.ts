import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

let stack: TestStack;
let mrn: string;
const lrn = `E2E-CASES-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack('e2e-cases');
  const clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  const res = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn },
  });
  expect(res.status).toBe(202);
  mrn = res.body.mrn;
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /v1/cases (supervisor work list)', () => {
  test('lists the case to a supervisor of its country, filtered by kind, state and office', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const list = await eventually(
      () =>
        stack.request('GET', '/v1/cases?kind=declaration&office=KZALA001&running=true&pageSize=200', {
          token: supervisor,
        }),
      (r) => r.body?.cases?.some((c: { caseId: string }) => c.caseId === `declaration/${mrn}`),
    );
    expect(list.status).toBe(200);
    const mine = list.body.cases.find((c: { caseId: string }) => c.caseId === `declaration/${mrn}`);
    expect(mine).toMatchObject({
      kind: 'declaration',
      office: 'KZALA001',
      country: 'KZ',
      stuck: false,
      status: 'RUNNING',
    });
    // The state filter narrows to exactly that state.
    const byState = await stack.request(
      'GET',
      `/v1/cases?kind=declaration&state=${mine.state}&pageSize=200`,
      { token: supervisor },
    );
    expect(byState.body.cases.every((c: { state: string }) => c.state === mine.state)).toBe(true);
    expect(byState.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(`declaration/${mrn}`);
  });

  test('a supervisor of KG does not see a KZ case, in the list or by id', async () => {
    const kg = stack.token({ role: 'supervisor', countries: ['KG'] });
    const list = await stack.request('GET', '/v1/cases?kind=declaration&pageSize=200', { token: kg });
    expect(list.status).toBe(200);
    expect(list.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(`declaration/${mrn}`);
    expect((await stack.request('GET', `/v1/cases/declaration/${mrn}`, { token: kg })).status).toBe(404);
  });

  test('olderThan keeps only cases started before that age', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('GET', '/v1/cases?kind=declaration&olderThan=P1D', { token: supervisor });
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(`declaration/${mrn}`);
  });

  test('bad filters are refused with 400 naming each one', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('GET', "/v1/cases?olderThan=4h&channel=PURPLE&office=KZ'--", {
      token: supervisor,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'channel',
      'office',
      'olderThan',
    ]);
  });
});

describe('case view, history and replay', () => {
  test('GET /v1/cases/{kind}/{id} returns the workflow case view', async () => {
    const officer = stack.token({ role: 'officer', countries: ['KZ'] });
    const res = await stack.request('GET', `/v1/cases/declaration/${mrn}`, { token: officer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mrn, lrn });
    expect(res.body.timeline.slice(0, 2).map((e: { state?: string }) => e.state)).toEqual([
      'LODGED',
      'ACCEPTED',
    ]);
  });

  test('an administrator exports the full event history with the domain timeline', async () => {
    const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
    const res = await stack.request('GET', `/v1/cases/declaration/${mrn}/history`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.workflowType).toBe('declarationWorkflow');
    expect(res.body.history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    // Decoded for the audit: the declaration reads in clear (it is ciphertext in Temporal's store).
    const input = res.body.history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(Buffer.from(input.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(Buffer.from(input.data, 'base64').toString()).toContain('Silk Road Logistics');
    expect(res.body.timeline.slice(0, 2).map((e: { state?: string }) => e.state)).toEqual([
      'LODGED',
      'ACCEPTED',
    ]);
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    expect(
      (await stack.request('GET', `/v1/cases/declaration/${mrn}/history`, { token: supervisor })).status,
    ).toBe(403);
  });

  test('POST /v1/admin/replay replays the case with the current code and finds it identical', async () => {
    const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
    const res = await stack.request('POST', '/v1/admin/replay', {
      token: admin,
      body: { workflowIds: [`declaration/${mrn}`] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: 1, identical: 1, diverged: [] });
  });

  test('a replay request without ids or query is a 400', async () => {
    const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
    const res = await stack.request('POST', '/v1/admin/replay', { token: admin, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('workflowIds');
  });
});

describe('POST /v1/cases/{kind}/{id}/signals/{signal}', () => {
  test('escalate is applied by the workflow and lands in the timeline with who and why', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'], sub: 'sup-kz-1' });
    const res = await stack.request('POST', `/v1/cases/declaration/${mrn}/signals/escalate`, {
      token: supervisor,
      body: { reason: 'importer called twice about the delay' },
    });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({
      type: 'escalated',
      actor: 'sup-kz-1',
      reason: 'importer called twice about the delay',
    });
  });

  test('a signal the workflow refuses in its state is a 409 with the reason', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('POST', `/v1/cases/declaration/${mrn}/signals/release`, {
      token: supervisor,
      body: { reason: 'let it go' },
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/release applies to a case waiting for a control result/);
  });

  test('a signal without a reason is a 400 naming the field, and nothing is recorded', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const before = await stack.request('GET', `/v1/cases/declaration/${mrn}`, { token: supervisor });
    const res = await stack.request('POST', `/v1/cases/declaration/${mrn}/signals/escalate`, {
      token: supervisor,
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('reason');
    const after = await stack.request('GET', `/v1/cases/declaration/${mrn}`, { token: supervisor });
    const escalations = (v: { timeline: { type: string }[] }) =>
      v.timeline.filter((e) => e.type === 'escalated').length;
    expect(escalations(after.body)).toBe(escalations(before.body));
  });
});

describe('bad input never becomes a 500', () => {
  test('a forged page token is a 400 naming pageToken', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('GET', '/v1/cases?pageToken=bm90LWEtdG9rZW4', { token: supervisor });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('pageToken');
  });

  test('a visibility query Temporal cannot parse is a 400 naming query', async () => {
    const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
    const res = await stack.request('POST', '/v1/admin/replay', {
      token: admin,
      body: { query: "CaseState = = 'X' AND (" },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('query');
  });

  test('a body over the size limit is a 413, not a 500', async () => {
    const token = stack.token({ role: 'clearance-system', countries: ['KZ'] });
    const res = await stack.request('POST', '/v1/declarations', {
      token,
      body: { lrn: 'x'.repeat(200_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });
});

test('page tokens page through the list and only work with the filters that issued them', async () => {
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  for (let i = 0; i < 2; i++) {
    await stack.request('POST', '/v1/declarations', {
      token: clearance,
      body: { ...example('declaration-import.json'), lrn: `E2E-PAGE-${Date.now()}-${i}` },
    });
  }
  const first = await eventually(
    () => stack.request('GET', '/v1/cases?kind=declaration&pageSize=1', { token: supervisor }),
    (r) => r.body?.nextPageToken !== undefined,
  );
  expect(first.body.cases).toHaveLength(1);
  const second = await stack.request(
    'GET',
    `/v1/cases?kind=declaration&pageSize=1&pageToken=${first.body.nextPageToken}`,
    { token: supervisor },
  );
  expect(second.status).toBe(200);
  expect(second.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(
    first.body.cases[0].caseId,
  );
  const otherFilters = await stack.request(
    'GET',
    `/v1/cases?kind=transit&pageSize=1&pageToken=${first.body.nextPageToken}`,
    { token: supervisor },
  );
  expect(otherFilters.status).toBe(400);
});
