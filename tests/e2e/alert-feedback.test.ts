import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Alerts' raising-time matches over HTTP on the real stack (docs/alerts.md): a declaration already
 * under way when a KZ alert on its vehicle is raised is forced to control, and its control result
 * reaches the alert by itself; a commodity alert finds an open declaration and an open transit
 * movement through the goods index. The commodity (HS 9018 from CN) is this file's own: an active
 * alert on it forces every matching lodgement, so no other test lodges it.
 */
let stack: TestStack;
let clearance: string;
let kzOfficer: string;
let kzSupervisor: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-alert-feedback');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  kzOfficer = stack.token({ role: 'officer', countries: ['KZ'], sub: 'kz-officer' });
  kzSupervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const get = (path: string, token: string) => stack.request('GET', path, { token });
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
/** Under way: the declaration waits for someone, before release. */
const UNDER_WAY = ['AWAITING_PAYMENT', 'UNDER_CONTROL', 'QUERIED'];

function declarationInKz(vehicle: string, hsCode?: string): any {
  const d = JSON.parse(JSON.stringify(example('declaration-import.json')));
  d.lrn = `E2E-AF-${rand()}`;
  d.transport.vehicleRegistration = vehicle;
  if (hsCode) d.items[0].hsCode = hsCode;
  return d;
}

async function lodgedUnderWay(d: unknown): Promise<string> {
  const lodged = await post('/v1/declarations', clearance, d);
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  await eventually(
    async () => (await get(`/v1/declarations/${mrn}`, kzOfficer)).body,
    (v) => UNDER_WAY.includes(v?.state),
    30_000,
  );
  return mrn;
}

/** The declaration forced to a physical examination by the alert's intelligence hit. */
async function forcedRed(mrn: string, alertId: string): Promise<void> {
  const v = await eventually(
    async () => (await get(`/v1/declarations/${mrn}`, kzOfficer)).body,
    (x) => x?.state === 'UNDER_CONTROL' && x.intelligenceHits?.some((h: any) => h.alertId === alertId),
    30_000,
  );
  expect(v).toMatchObject({ channel: 'RED', control: { type: 'PHYSICAL' } });
}

async function transitOf9018FromCn(): Promise<string> {
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-AF-${rand()}`;
  t.guarantee.grn = grn;
  t.transport.vehicleRegistration = `CN${rand().slice(-7)}`;
  t.consignment.items[0].hsCode = '901890';
  const lodged = await post('/v1/transits', clearance, t);
  expect(lodged.status).toBe(202);
  return lodged.body.mrn;
}

const control = (outcome: string) => ({
  office: 'KZALA001',
  officerId: 'kz-officer',
  controlType: 'PHYSICAL',
  outcome,
  findings:
    outcome === 'CONFORM'
      ? []
      : [{ field: 'items[1].description', found: 'undeclared goods behind the load' }],
  completedAt: new Date().toISOString(),
});

test('a declaration under way when a KZ alert on its vehicle is raised is forced to control; its control result reaches the alert by itself', async () => {
  const vehicle = `KZ${rand().slice(-7)}`;
  const mrn = await lodgedUnderWay(declarationInKz(vehicle));
  await eventually(
    async () => (await stack.client.workflow.count(`Vehicles = '${vehicle}'`)).count,
    (n) => n >= 1,
  );
  const raised = await post('/v1/alerts', kzOfficer, {
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'HIGH',
    reason: 'driver seen loading at an unlicensed warehouse',
    validUntil: inDays(7),
  });
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;
  const matched = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v?.matches?.length === 1,
  );
  expect(matched.matches[0]).toMatchObject({ mrn, kind: 'declaration', country: 'KZ', via: 'raising' });
  await forcedRed(mrn, alertId);

  // No report on the alert's route: the declaration's own control result is the match's result.
  expect(
    (await post(`/v1/declarations/${mrn}/control-results`, kzOfficer, control('NON_CONFORM'))).status,
  ).toBe(200);
  const view = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.hits.controlled === 1,
  );
  expect(view.matches[0].result).toMatchObject({
    found: true,
    what: 'declaration control: NON_CONFORM',
    actor: 'declaration-control',
    country: 'KZ',
  });
  expect(view.hits).toEqual({ controlled: 1, found: 1, rate: '1' });
  // The officer's own report comes second: the result is recorded once.
  expect((await post(`/v1/alerts/${alertId}/results`, kzOfficer, { mrn, found: false })).status).toBe(409);
  const stats = await eventually(
    async () => (await get('/v1/statistics/alerts', kzSupervisor)).body,
    (b) => b.byCountry?.find((c: any) => c.country === 'KZ')?.found >= 1,
  );
  expect(stats.byCountry.find((c: any) => c.country === 'KZ')).toMatchObject({
    controlled: expect.any(Number),
    hitRate: expect.any(String),
  });
});

test('a commodity alert matches an open declaration and an open transit movement on raising, and a movement lodged after; the results reach it', async () => {
  const tmrn = await transitOf9018FromCn();
  await eventually(
    async () => (await get(`/v1/transits/${tmrn}`, clearance)).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  const dmrn = await lodgedUnderWay(declarationInKz(`KZ${rand().slice(-7)}`, '9018909000'));
  // The goods index holds both: the movement's heading with its country of departure.
  const indexed = await eventually(
    async () =>
      (
        await stack.pool.query(
          `SELECT case_id FROM case_goods WHERE hs_heading = '9018' AND origin = 'CN' AND case_id = ANY($1)`,
          [[`transit/${tmrn}`, `declaration/${dmrn}`]],
        )
      ).rows,
    (rows) => rows.length === 2,
  );
  expect(indexed).toHaveLength(2);

  const raised = await post('/v1/alerts', kzOfficer, {
    subject: { kind: 'commodity', hsHeading: '9018', origin: 'CN' },
    severity: 'MEDIUM',
    reason: 'counterfeit medical instruments',
    validUntil: inDays(7),
  });
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;
  const matched = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v?.matches?.length >= 2,
  );
  expect(matched.matches).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ mrn: tmrn, kind: 'transit', country: 'KZ', via: 'raising' }),
      expect.objectContaining({ mrn: dmrn, kind: 'declaration', country: 'KZ', via: 'raising' }),
    ]),
  );

  // The movement is held for a control at its next office (KZ); the declaration is forced to RED.
  await eventually(
    async () => (await get(`/v1/transits/${tmrn}`, clearance)).body,
    (v) => v.timeline.some((e: any) => e.type === 'alert-hold'),
  );
  const held = await post(`/v1/transits/${tmrn}/border-crossings`, kzOfficer, {
    office: 'KZKHO001',
    sealsIntact: true,
  });
  expect(held.status).toBe(409);
  expect(held.body.message).toMatch(alertId);
  await forcedRed(dmrn, alertId);
  // A movement lodged while the alert is active: its headings with the country of departure match.
  const later = await transitOf9018FromCn();
  await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.matches.some((m: any) => m.mrn === later && m.via === 'lodgement'),
  );
  await eventually(
    async () => (await get(`/v1/transits/${later}`, clearance)).body,
    (v) => v.timeline.some((e: any) => e.type === 'alert-hold'),
  );

  expect((await post(`/v1/declarations/${dmrn}/control-results`, kzOfficer, control('CONFORM'))).status).toBe(
    200,
  );
  expect(
    (await post(`/v1/alerts/${alertId}/results`, kzOfficer, { mrn: tmrn, found: true, what: 'fake stents' }))
      .status,
  ).toBe(200);
  const view = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.hits.controlled === 2,
  );
  expect(view.matches.map((m: any) => [m.mrn, m.result?.found])).toEqual(
    expect.arrayContaining([
      [tmrn, true],
      [dmrn, false],
    ]),
  );
  expect(view.hits).toEqual({ controlled: 2, found: 1, rate: '0.5' });

  // Released, the declaration leaves the goods index; the movement stays while it can be controlled.
  const due = await eventually(
    async () => (await get(`/v1/declarations/${dmrn}`, kzOfficer)).body,
    (v) => v?.state === 'AWAITING_PAYMENT',
    30_000,
  );
  const treasury = stack.token({ role: 'treasury', countries: ['KZ'] });
  const paid = await post(`/v1/declarations/${dmrn}/payments`, treasury, {
    reference: `PAY-${dmrn}`,
    amount: due.payment.due,
    currency: due.payment.currency,
  });
  expect(paid.status).toBe(202);
  const left = await eventually(
    async () =>
      (
        await stack.pool.query(`SELECT DISTINCT case_id FROM case_goods WHERE case_id = ANY($1)`, [
          [`transit/${tmrn}`, `declaration/${dmrn}`],
        ])
      ).rows,
    (rows) => rows.length === 1,
  );
  expect(left).toEqual([{ case_id: `transit/${tmrn}` }]);
  await eventually(
    async () =>
      (
        await post(`/v1/transits/${tmrn}/border-crossings`, kzOfficer, {
          office: 'KZKHO001',
          sealsIntact: true,
        })
      ).status,
    (s) => s === 200,
  );
});

test('an alert raised while the declaration is already under physical examination gets that control result', async () => {
  const vehicle = `KZ${rand().slice(-7)}`;
  const mrn = await lodgedUnderWay(declarationInKz(vehicle));
  const manual = await post(`/v1/declarations/${mrn}/intelligence-hits`, kzOfficer, {
    alertId: `HAND-${rand()}`,
    reason: 'tip-off by phone',
    severity: 'HIGH',
  });
  expect(manual.status).toBe(202);
  await eventually(
    async () => (await get(`/v1/declarations/${mrn}`, kzOfficer)).body,
    (v) => v?.state === 'UNDER_CONTROL' && v.channel === 'RED',
    30_000,
  );
  await eventually(
    async () => (await stack.client.workflow.count(`Vehicles = '${vehicle}'`)).count,
    (n) => n >= 1,
  );
  const raised = await post('/v1/alerts', kzOfficer, {
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'MEDIUM',
    reason: 'same driver as the tip-off',
    validUntil: inDays(7),
  });
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;
  // The examination under way covers the alert: the hit is recorded, the case keeps waiting for it.
  await forcedRed(mrn, alertId);
  expect((await post(`/v1/declarations/${mrn}/control-results`, kzOfficer, control('CONFORM'))).status).toBe(
    200,
  );
  const view = await eventually(
    async () => (await get(`/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v.hits.controlled === 1,
  );
  expect(view.matches[0]).toMatchObject({
    mrn,
    via: 'raising',
    result: { found: false, what: 'declaration control: CONFORM' },
  });
});
