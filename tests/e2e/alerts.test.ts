import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Regional intelligence alerts over HTTP on the real stack (docs/alerts.md): an alert raised in KZ on
 * a vehicle holds an open transit movement heading for UZ at its next office (UZ) and forces a new
 * declaration lodged in UZ with that vehicle to control; both control results reach the alert.
 */
let stack: TestStack;
let clearance: string;
let kzOfficer: string;
let uzOfficer: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-alerts');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'UZ'] });
  kzOfficer = stack.token({ role: 'officer', countries: ['KZ'], sub: 'kz-officer' });
  uzOfficer = stack.token({ role: 'officer', countries: ['UZ'], sub: 'uz-officer' });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const get = (path: string, token: string) => stack.request('GET', path, { token });
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

function transitToUz(grn: string, vehicle: string): any {
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-AL-${rand()}`;
  t.guarantee.grn = grn;
  t.officesOfTransit = ['KZKHO001', 'KZZHI001', 'UZGSK001'];
  t.officeOfDestination = 'UZTAS001';
  t.countriesOfRouting = ['CN', 'KZ', 'UZ'];
  t.transport.vehicleRegistration = vehicle;
  return t;
}

function declarationInUz(vehicle: string): any {
  const d = JSON.parse(JSON.stringify(example('declaration-import.json')));
  d.lrn = `E2E-AL-${rand()}`;
  d.declarant = { tin: 'UZ301234567', name: 'Fergana Fruit LLC', country: 'UZ' };
  d.importer = d.declarant;
  d.officeOfDeclaration = 'UZTAS001';
  d.officeOfEntry = 'UZGSK001';
  d.countryOfDestination = 'UZ';
  d.transport.vehicleRegistration = vehicle;
  d.items = [
    {
      seq: 1,
      hsCode: '0808108000',
      description: 'Apples, fresh',
      originCountry: 'CN',
      quantity: '10000',
      unit: 'KGM',
      netMassKg: '10000.000',
      grossMassKg: '10400.000',
      invoiceAmount: '25400.00',
    },
  ];
  return d;
}

test('an alert raised in KZ holds a transit heading for UZ and forces a UZ declaration to control; both results reach it', async () => {
  const vehicle = `KZ${rand().slice(-7)}`;
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  const lodged = await post('/v1/transits', clearance, transitToUz(grn, vehicle));
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  await eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  for (const office of ['KZKHO001', 'KZZHI001'])
    expect(
      (await post(`/v1/transits/${mrn}/border-crossings`, kzOfficer, { office, sealsIntact: true })).status,
    ).toBe(200);

  // Visibility is eventually consistent: the movement's Vehicles attribute is indexed shortly after.
  await eventually(
    async () => (await stack.client.workflow.count(`Vehicles = '${vehicle}'`)).count,
    (n) => n >= 1,
  );
  const alert = {
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'HIGH',
    reason: 'vehicle seen with a hidden compartment at Khorgos',
    validUntil: inDays(7),
  };
  const raised = await post('/v1/alerts', kzOfficer, alert);
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;
  expect((await post('/v1/alerts', kzOfficer, alert)).body).toMatchObject({ alertId, duplicate: true });

  const matched = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v?.matches?.length === 1,
  );
  expect(matched.matches[0]).toMatchObject({ mrn, kind: 'transit', country: 'UZ', via: 'raising' });
  expect(matched.recipients).toEqual(expect.arrayContaining(['CN', 'UZ']));
  await eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v.timeline.some((e: any) => e.type === 'alert-hold'),
  );
  const held = await post(`/v1/transits/${mrn}/border-crossings`, uzOfficer, {
    office: 'UZGSK001',
    sealsIntact: true,
  });
  expect(held.status).toBe(409);
  expect(held.body.message).toMatch(alertId);

  // A new declaration lodged in UZ with that vehicle gets the alert as a risk fact: RED.
  const decl = await post('/v1/declarations', clearance, declarationInUz(vehicle));
  expect(decl.status).toBe(202);
  const dmrn: string = decl.body.mrn;
  const red = await eventually(
    async () => (await get(`/v1/declarations/${dmrn}`, uzOfficer)).body,
    (v) => v?.state === 'UNDER_CONTROL',
    30_000,
  );
  expect(red.channel).toBe('RED');
  expect(red.risk.hits.map((h: any) => h.ruleId)).toContain(`alert:${alertId}`);

  // Both are controlled by UZ; the KZ officer may not report for UZ.
  expect((await post(`/v1/alerts/${alertId}/results`, kzOfficer, { mrn, found: true })).status).toBe(403);
  const r1 = await post(`/v1/alerts/${alertId}/results`, uzOfficer, {
    mrn,
    found: true,
    what: 'cigarettes behind the front wall',
  });
  expect(r1.status).toBe(200);
  await eventually(
    async () =>
      (
        await post(`/v1/transits/${mrn}/border-crossings`, uzOfficer, {
          office: 'UZGSK001',
          sealsIntact: true,
        })
      ).status,
    (s) => s === 200,
  );
  const controlled = await post(`/v1/declarations/${dmrn}/control-results`, uzOfficer, {
    office: 'UZTAS001',
    officerId: 'uz-officer',
    controlType: 'PHYSICAL',
    outcome: 'CONFORM',
    completedAt: new Date().toISOString(),
  });
  expect(controlled.status).toBe(200);
  // The declaration's control result reaches the alert by itself (its risk hit names the alert).
  const view = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.hits.controlled === 2,
  );
  expect(view.matches.find((m: any) => m.mrn === dmrn).result.what).toBe('declaration control: CONFORM');
  expect(view.matches.map((m: any) => [m.mrn, m.via, m.result?.found])).toEqual(
    expect.arrayContaining([
      [mrn, 'raising', true],
      [dmrn, 'lodgement', false],
    ]),
  );
  expect(view.hits).toEqual({ controlled: 2, found: 1, rate: '0.5' });
  // The raiser hears UZ's results through the outbox (the exchange signs and sends them).
  const out = await eventually(
    async () =>
      (
        await stack.pool.query(`SELECT type, destination FROM outbox WHERE case_id = $1`, [
          `alert/${alertId}`,
        ])
      ).rows,
    (rows) => rows.filter((r) => r.type === 'intelligence-alert-result').length === 2,
  );
  expect(out.filter((r) => r.type === 'intelligence-alert-result').map((r) => r.destination)).toEqual([
    'partner:KZ',
    'partner:KZ',
  ]);
  const stats = await eventually(
    async () =>
      (await get('/v1/statistics/alerts', stack.token({ role: 'supervisor', countries: ['KZ'] }))).body,
    (b) => b.byCountry?.[0]?.controlled >= 2,
  );
  expect(stats.byCountry[0]).toMatchObject({ country: 'KZ' });
});

test('a partner raises alerts and reports results only for its own administration; bad subjects are 400 naming the field', async () => {
  const partner = stack.token({ role: 'partner', countries: ['TJ'], sub: 'tj-customs' });
  const body = {
    subject: { kind: 'trader', tin: `TJ${rand().slice(-8)}` },
    severity: 'MEDIUM',
    reason: 'under-invoicing pattern',
    validUntil: inDays(3),
  };
  const foreign = await post('/v1/alerts', partner, { ...body, country: 'KZ' });
  expect(foreign.status).toBe(403);
  const own = await post('/v1/alerts', partner, body);
  expect(own.status).toBe(202);
  expect(own.body.alertId).toMatch(/^TJ-L/);
  const again = await post('/v1/alerts', partner, body);
  expect(again.body).toMatchObject({ alertId: own.body.alertId, duplicate: true });
  expect((await get(`/v1/alerts/${own.body.alertId}`, uzOfficer)).status).toBe(404);
  expect((await get(`/v1/alerts/${own.body.alertId}`, partner)).status).toBe(200);
  expect((await post('/v1/alerts', clearance, body)).status).toBe(403);

  const bad = await post('/v1/alerts', partner, {
    ...body,
    subject: { kind: 'container', number: 'CSQU3054384' },
    recipients: ['XX'],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: any) => i.path)).toEqual(
    expect.arrayContaining(['subject.number', 'recipients[0]']),
  );
  const badOrigin = await post('/v1/alerts', partner, {
    ...body,
    subject: { kind: 'commodity', hsHeading: '2402', origin: 'QQ' },
  });
  expect(badOrigin.status).toBe(400);
  expect(badOrigin.body.issues.map((i: any) => i.path)).toContain('subject.origin');
  const none = await post(`/v1/alerts/${own.body.alertId}/results`, partner, {
    mrn: '22ITZXBZYUTJFLJXK6',
    found: true,
  });
  expect(none.status).toBe(400);
  expect(none.body.issues.map((i: any) => i.path)).toContain('mrn');
});

test('a transit crossing recorded with broken seals raises an alert on the vehicle by itself, which holds the movement at its next office', async () => {
  const vehicle = `CN${rand().slice(-7)}`;
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-AL-${rand()}`;
  t.guarantee.grn = grn;
  t.transport.vehicleRegistration = vehicle;
  const mrn: string = (await post('/v1/transits', clearance, t)).body.mrn;
  await eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  await eventually(
    async () => (await stack.client.workflow.count(`Vehicles = '${vehicle}'`)).count,
    (n) => n >= 1,
  );
  const crossed = await post(`/v1/transits/${mrn}/border-crossings`, kzOfficer, {
    office: 'KZKHO001',
    sealsIntact: false,
  });
  expect(crossed.status).toBe(200);
  const listed = await eventually(
    async () => (await get('/v1/alerts', kzOfficer)).body.alerts,
    (alerts: any[]) => alerts.some((a) => a.subject?.registration === vehicle),
  );
  const alertId = listed.find((a: any) => a.subject.registration === vehicle).alertId;
  const view = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.matches?.length === 1,
  );
  expect(view).toMatchObject({ raisedByRole: 'system', severity: 'HIGH', country: 'KZ' });
  expect(view.matches[0]).toMatchObject({ mrn, country: 'KG' });
  const kgOfficer = stack.token({ role: 'officer', countries: ['KG'], sub: 'kg-officer' });
  await eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v.timeline.some((e: any) => e.type === 'alert-hold'),
  );
  expect((await post(`/v1/transits/${mrn}/border-crossings`, kgOfficer, { office: 'KGAKZ001' })).status).toBe(
    409,
  );
});
