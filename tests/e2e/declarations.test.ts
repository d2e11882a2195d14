import { caseView } from '../../contracts';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

let stack: TestStack;
let clearance: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-decl');
  clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
});
afterAll(async () => {
  await stack?.close();
});

/** The shared import example with a fresh LRN, so each test lodges its own declaration. */
function importDeclaration(lrn: string): any {
  return { ...example('declaration-import.json'), lrn };
}
const freshLrn = (tag: string) => `E2E-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe('POST /v1/declarations', () => {
  test('accepts the import example with 202 and an MRN; GET answers from the workflow', async () => {
    // A fresh LRN: the unchanged shared example is lodged (and cleared) by declaration-clearance.test.ts.
    const lrn = freshLrn('accept');
    const res = await stack.request('POST', '/v1/declarations', {
      token: clearance,
      body: importDeclaration(lrn),
    });
    expect(res.status).toBe(202);
    expect(res.body.mrn).toMatch(/^\d{2}KZ[A-Z0-9]{13}\d$/);
    expect(res.body.links.self).toBe(`/v1/declarations/${res.body.mrn}`);

    const got = await stack.request('GET', `/v1/declarations/${res.body.mrn}`, { token: clearance });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ mrn: res.body.mrn, lrn, office: 'KZALA001' });
    expect(got.body.timeline.map((e: { state?: string }) => e.state).slice(0, 2)).toEqual([
      'LODGED',
      'ACCEPTED',
    ]);
  });

  test('the same declaration twice yields one process and the same MRN', async () => {
    const body = importDeclaration(freshLrn('dup'));
    const first = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    const second = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.mrn).toBe(first.body.mrn);
    const runs = [];
    for await (const wf of stack.client.workflow.list({
      query: `WorkflowId = 'declaration/${first.body.mrn}'`,
    }))
      runs.push(wf.runId);
    expect(runs).toHaveLength(1);
  });

  test('the same LRN with different content is refused with 409', async () => {
    const body = importDeclaration(freshLrn('conflict'));
    expect((await stack.request('POST', '/v1/declarations', { token: clearance, body })).status).toBe(202);
    const changed = { ...body, transport: { ...body.transport, vehicleRegistration: 'KZ999ZZZ02' } };
    const res = await stack.request('POST', '/v1/declarations', { token: clearance, body: changed });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
  });

  test('an invalid declaration is refused with 400 naming each bad field, and nothing starts', async () => {
    const body = importDeclaration(freshLrn('bad'));
    body.items = [
      { ...body.items[0], hsCode: '7700000000' },
      { ...body.items[1], invoiceAmount: '-5' },
    ];
    body.invoice = { ...body.invoice, currency: 'XXQ' };
    const res = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    expect(res.status).toBe(400);
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['invoice.currency', 'items[1].invoiceAmount']));
    const open = await stack.pool.query('SELECT count(*)::int AS n FROM cases WHERE lrn = $1', [body.lrn]);
    expect(open.rows[0].n).toBe(0);
  });

  test('an unknown HS subheading is refused with 400 naming the item', async () => {
    const body = importDeclaration(freshLrn('hs'));
    body.items = [{ ...body.items[0], hsCode: '8471999999' }, body.items[1]];
    const res = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'items[0].hsCode' })]),
    );
  });

  test('malformed JSON is a 400, not a 500', async () => {
    const res = await stack.request('POST', '/v1/declarations', { token: clearance, body: '{"lrn": ' });
    expect(res.status).toBe(400);
  });
});

describe('authentication and scope', () => {
  test('refuses a request without a token (401) and a wrong role (403)', async () => {
    expect(
      (await stack.request('POST', '/v1/declarations', { body: example('declaration-import.json') })).status,
    ).toBe(401);
    const partner = stack.token({ role: 'partner' });
    expect(
      (
        await stack.request('POST', '/v1/declarations', {
          token: partner,
          body: example('declaration-import.json'),
        })
      ).status,
    ).toBe(403);
    expect(
      (await stack.request('GET', '/v1/declarations/22ITZXBZYUTJFLJXK6', { token: 'not-a-jwt' })).status,
    ).toBe(401);
  });

  test('a clearance system of KG cannot lodge at a KZ office, nor see a KZ case', async () => {
    const kg = stack.token({ role: 'clearance-system', countries: ['KG'] });
    const body = importDeclaration(freshLrn('scope'));
    expect((await stack.request('POST', '/v1/declarations', { token: kg, body })).status).toBe(403);
    const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    expect((await stack.request('GET', `/v1/declarations/${lodged.body.mrn}`, { token: kg })).status).toBe(
      404,
    );
  });
});

describe('read model', () => {
  test('the accepted case is projected into PostgreSQL with its timeline, once', async () => {
    const body = importDeclaration(freshLrn('rm'));
    const res = await stack.request('POST', '/v1/declarations', { token: clearance, body });
    const caseId = `declaration/${res.body.mrn}`;
    // The case goes on to risk and duties; wait until it waits for payment, then compare.
    const row = await eventually(
      async () =>
        (
          await stack.pool.query('SELECT state, office, country, version FROM cases WHERE case_id = $1', [
            caseId,
          ])
        ).rows[0],
      (r) => r !== undefined && r.state === 'AWAITING_PAYMENT',
    );
    expect(row).toMatchObject({ state: 'AWAITING_PAYMENT', office: 'KZALA001', country: 'KZ' });
    const events = await stack.pool.query(
      'SELECT seq, state FROM case_events WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    expect(events.rows.slice(0, 2)).toEqual([
      { seq: 1, state: 'LODGED' },
      { seq: 2, state: 'ACCEPTED' },
    ]);
    const view = await stack.client.workflow.getHandle(caseId).query(caseView);
    expect(view.timeline).toHaveLength(row.version);
    expect(events.rows.map((e) => e.seq)).toEqual(view.timeline.map((e) => e.seq)); // each event once
  });
});

describe('GET /health', () => {
  test('reports Temporal and PostgreSQL reachable, without a token', async () => {
    const res = await stack.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', temporal: { up: true }, postgres: { up: true } });
  });
});
