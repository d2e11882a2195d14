import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverOutboxOnce } from '../../activities/outbox';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

let stack: TestStack;
let clearance: string;
let officer: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-clearance');
  clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  officer = stack.token({ role: 'officer', countries: ['KZ'], offices: ['KZALA001'] });
});
afterAll(async () => {
  await stack?.close();
});

const freshLrn = (tag: string) => `E2E-CLR-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

async function viewWhen(mrn: string, ready: (v: any) => boolean, token = clearance) {
  const res = await eventually(() => stack.request('GET', `/v1/declarations/${mrn}`, { token }), (r) => r.status === 200 && ready(r.body), 30_000);
  expect(res.status).toBe(200);
  return res.body;
}

test('the shared import example goes to RELEASED on a green path', async () => {
  const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body: example('declaration-import.json') });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn;
  const due = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  expect(due.channel).toBe('GREEN');
  expect(due.risk).toMatchObject({ profileId: 'demo-kz', randomlySelected: false, seed: `declaration/${mrn}` });
  expect(due.risk.explanation.at(-1)).toBe('channel GREEN');
  expect(due.duties.currency).toBe('KZT');
  expect(Number(due.duties.totals.total)).toBeGreaterThan(0);
  expect(due.duties.explanation.length).toBeGreaterThan(0);
  expect(due.pending).toMatchObject({ by: 'declarant', deadline: expect.any(String) });

  const paid = await stack.request('POST', `/v1/declarations/${mrn}/payments`, {
    token: clearance,
    body: { method: 'PAYMENT', reference: `TRS-${mrn}`, amount: due.duties.totals.total, currency: 'KZT' },
  });
  expect(paid.status).toBe(202);
  const released = await viewWhen(mrn, (v) => v.state === 'RELEASED');
  expect(released.timeline.filter((e: any) => e.type === 'state').map((e: any) => e.state)).toEqual([
    'LODGED', 'ACCEPTED', 'RISK_ASSESSED', 'DUTIES_ASSESSED', 'AWAITING_PAYMENT', 'RELEASED',
  ]);

  // read model and outbox
  const row = await eventually(
    async () => (await stack.pool.query('SELECT state, channel FROM cases WHERE case_id = $1', [`declaration/${mrn}`])).rows[0],
    (r) => r?.state === 'RELEASED',
  );
  expect(row).toEqual({ state: 'RELEASED', channel: 'GREEN' });
  const outbox = await eventually(
    async () => (await stack.pool.query('SELECT type, destination FROM outbox WHERE case_id = $1 ORDER BY created_at', [`declaration/${mrn}`])).rows,
    (rows) => rows.some((r: any) => r.type === 'declaration.released'),
  );
  expect(outbox.map((r: any) => r.type)).toEqual(expect.arrayContaining(['declaration.accepted', 'declaration.risk-decision', 'declaration.released']));
  expect(outbox[0].destination).toBe('clearance-system:clearance-system@test');
});

test('a profile that forces RED sends the case to physical examination; the control result is recorded over HTTP', async () => {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const current = await eventually(() => stack.request('GET', '/v1/risk-profiles/demo-kz', { token: admin }), (r) => r.status === 200);
  expect(current.status).toBe(200);
  const doc = current.body.document;
  const tin = `KZRED${Date.now()}`;
  const next = {
    ...doc,
    version: current.body.version + 1,
    rules: [...doc.rules, { id: `e2e-red-${tin}`, when: { op: 'equals', field: 'declarantTin', value: tin }, forceChannel: 'RED', reason: 'e2e: declarant selected for examination' }],
  };
  const stored = await stack.request('POST', '/v1/risk-profiles', { token: admin, body: next });
  expect(stored.status).toBe(201);
  expect((await stack.request('POST', '/v1/risk-profiles', { token: admin, body: { ...next, rules: [] } })).status).toBe(409);
  expect((await stack.request('POST', '/v1/risk-profiles', { token: admin, body: { ...next, version: 0 } })).status).toBe(400);

  const body = { ...(example('declaration-import.json') as any), lrn: freshLrn('red') };
  body.declarant = { ...body.declarant, tin };
  const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn;
  const ctl = await viewWhen(mrn, (v) => v.state === 'UNDER_CONTROL');
  expect(ctl).toMatchObject({ channel: 'RED', control: { type: 'PHYSICAL' }, risk: { profileId: 'demo-kz', profileVersion: next.version } });
  expect(ctl.channelReasons).toEqual(expect.arrayContaining([`e2e-red-${tin}: e2e: declarant selected for examination`]));

  const result = {
    office: 'KZALA001',
    officerId: 'officer-12',
    controlType: 'PHYSICAL',
    outcome: 'NON_CONFORM',
    findings: [{ itemSeq: 1, field: 'items[0].quantity', declared: '200', found: '260' }],
    corrections: {
      items: ctl.declaration.items.map((it: any) => (it.seq === 1 ? { ...it, quantity: '260', invoiceAmount: '28600.00' } : it)),
      invoice: { ...ctl.declaration.invoice, amount: '32000.00' },
    },
    remarks: '60 laptops more than declared',
    completedAt: new Date().toISOString(),
  };
  // validators, over HTTP: wrong role 403, wrong office (outside the token's scope) 403, malformed 400
  expect((await stack.request('POST', `/v1/declarations/${mrn}/control-results`, { token: clearance, body: result })).status).toBe(403);
  expect((await stack.request('POST', `/v1/declarations/${mrn}/control-results`, { token: officer, body: { ...result, office: 'KZAST001' } })).status).toBe(403);
  const bad = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, { token: officer, body: { ...result, outcome: 'PERHAPS' } });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: any) => i.path)).toContain('outcome');

  const res = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, { token: officer, body: result });
  expect(res.status).toBe(200);
  const again = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, { token: officer, body: result });
  expect(again.status).toBe(409);

  const due = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  expect(due.control.result).toMatchObject({ outcome: 'NON_CONFORM', officerId: 'officer-12' });
  expect(due.declaration.items[0].quantity).toBe('260');

  const stats = await eventually(
    async () => (await stack.pool.query('SELECT controls, non_conform, hit_rate FROM risk_rule_stats WHERE profile_id = $1 AND rule_id = $2', ['demo-kz', `e2e-red-${tin}`])).rows[0],
    (r) => r?.controls === 1,
  );
  expect(stats).toEqual({ controls: 1, non_conform: 1, hit_rate: 1 });

  // the declarant invalidates before release (clearance-system role)
  const inv = await stack.request('POST', `/v1/declarations/${mrn}/invalidation`, { token: clearance, body: { reason: 'goods returned to the seller' } });
  expect(inv.status).toBe(200);
  await viewWhen(mrn, (v) => v.state === 'INVALIDATED');
});

test('amendments over HTTP: accepted before release, refused (409) after', async () => {
  const body = { ...(example('declaration-import.json') as any), lrn: freshLrn('amend') };
  const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body });
  const mrn = lodged.body.mrn;
  await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const bad = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, { token: clearance, body: { reason: 'x', changes: { items: [{ ...body.items[0], hsCode: '8471999999' }, body.items[1]] } } });
  expect(bad.status).toBe(400);
  // Each section is valid, the merged declaration is not: refused at the door, nothing reaches the case.
  const broken = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, { token: clearance, body: { reason: 'typo', changes: { invoice: { ...body.invoice, amount: '1.00' } } } });
  expect(broken.status).toBe(409);
  expect(broken.body.message).toMatch(/amended declaration not valid: .*invoice amount 1.00 differs from the sum of item invoice amounts/);
  const ok = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, {
    token: clearance,
    body: { reason: 'vehicle changed', changes: { transport: { ...body.transport, vehicleRegistration: 'KZ777AAA02' } } },
  });
  expect(ok.status).toBe(200);
  const due = await viewWhen(mrn, (v) => v.amendments === 1 && v.state === 'AWAITING_PAYMENT' && v.risk.round === 2);
  await stack.request('POST', `/v1/declarations/${mrn}/payments`, { token: clearance, body: { reference: 'P-1', amount: due.duties.totals.total, currency: 'KZT' } });
  await viewWhen(mrn, (v) => v.state === 'RELEASED');
  const late = await stack.request('POST', `/v1/declarations/${mrn}/amendments`, { token: clearance, body: { reason: 'late', changes: { incoterm: 'CIF' } } });
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/cannot be amended once RELEASED/);
});

test('decisions reach the clearance system webhook from the outbox, with the message id as idempotency key', async () => {
  const received: { key: string; body: any }[] = [];
  let fail = 1; // the first delivery fails: the row stays queued and is retried
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (fail-- > 0) {
        res.statusCode = 503;
        res.end();
        return;
      }
      received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(data) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const hook = stack.token({ role: 'clearance-system', countries: ['KZ'], sub: `hook-${Date.now()}` });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/decisions`;
    expect((await stack.request('PUT', '/v1/webhook-subscription', { token: hook, body: { url } })).status).toBe(200);
    const lodged = await stack.request('POST', '/v1/declarations', { token: hook, body: { ...example('declaration-import.json'), lrn: freshLrn('hook') } });
    const caseId = `declaration/${lodged.body.mrn}`;
    await eventually(async () => (await stack.pool.query("SELECT 1 FROM outbox WHERE case_id = $1 AND type = 'declaration.accepted'", [caseId])).rowCount, (n) => n === 1);
    const first = await deliverOutboxOnce(stack.pool, { baseBackoffMs: 1 });
    expect(first.failed).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => {
        await deliverOutboxOnce(stack.pool, { baseBackoffMs: 1 });
        return received.filter((r) => r.body.caseId === caseId).length;
      },
      (n) => n >= 2,
    );
    // A green declaration queues its decisions up to payment-required in one workflow task, so the
    // first delivery pass may find them all: the failed one (accepted, the oldest) comes after others.
    const accepted = await eventually(
      async () => {
        await deliverOutboxOnce(stack.pool, { baseBackoffMs: 1 });
        return received.find((r) => r.body.caseId === caseId && r.body.type === 'declaration.accepted');
      },
      (r) => r !== undefined,
    );
    expect(accepted).toMatchObject({ key: `${caseId}/2`, body: { messageId: `${caseId}/2`, type: 'declaration.accepted' } });
    const row = await stack.pool.query('SELECT attempts, delivered_at FROM outbox WHERE message_id = $1', [`${caseId}/2`]);
    expect(row.rows[0].attempts).toBe(2);
    expect(row.rows[0].delivered_at).not.toBeNull();
  } finally {
    server.close();
  }
});
