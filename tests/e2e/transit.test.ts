import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

let stack: TestStack;
let clearance: string;
let kzOfficer: string;
let kgOfficer: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-transit');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  kzOfficer = stack.token({ role: 'officer', countries: ['KZ'], offices: ['KZKHO001'] });
  kgOfficer = stack.token({ role: 'officer', countries: ['KG'], offices: ['KGAKZ001', 'KGBIS001'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const freshGrn = () => `26KZ${rand().padStart(14, '0').slice(-14)}`;
const guarantee = (grn: string): any => ({ ...example('guarantee.json'), grn });
const transit = (grn: string): any => {
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-T-${rand()}`;
  t.guarantee.grn = grn;
  return t;
};
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });

async function released(mrn: string) {
  return eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
}

test('over HTTP: the example guarantee and the example transit are accepted, walked to WRITTEN_OFF, and the balance is back to full', async () => {
  const g = await post('/v1/guarantees', clearance, example('guarantee.json'));
  expect(g.status).toBe(202);
  expect(g.body).toMatchObject({
    grn: '26KZ00000000000017',
    status: 'ACTIVE',
    links: { self: '/v1/guarantees/26KZ00000000000017' },
  });

  const lodged = await post('/v1/transits', clearance, example('transit.json'));
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  expect(mrn).toMatch(/^\d{2}CN[A-Z0-9]{13}\d$/);
  const v = await released(mrn);
  expect(v).toMatchObject({
    state: 'RELEASED_FOR_TRANSIT',
    seals: ['CNS000101', 'CNS000102'],
    guarantee: { status: 'RESERVED', amount: '18500.00' },
  });
  expect(v.deadlines.transitTimeLimit).toBeDefined();
  const during = await stack.request('GET', '/v1/guarantees/26KZ00000000000017', { token: clearance });
  expect(during.body).toMatchObject({ reserved: '18500.00', available: '231500.00' });

  // anticipated arrival and transit records are in the exchange outbox
  const rows = await eventually(
    async () =>
      (
        await stack.pool.query(
          'SELECT type, destination FROM outbox WHERE case_id = $1 ORDER BY destination',
          [`transit/${mrn}`],
        )
      ).rows,
    (r) => r.length >= 3,
  );
  expect(
    rows
      .filter((r) => r.type.startsWith('ANTICIPATED'))
      .map((r) => `${r.type}>${r.destination}`)
      .sort(),
  ).toEqual([
    'ANTICIPATED_ARRIVAL_RECORD>office:KGBIS001',
    'ANTICIPATED_TRANSIT_RECORD>office:KGAKZ001',
    'ANTICIPATED_TRANSIT_RECORD>office:KZKHO001',
  ]);

  expect(
    (await post(`/v1/transits/${mrn}/border-crossings`, kzOfficer, { office: 'KZKHO001', sealsIntact: true }))
      .status,
  ).toBe(200);
  expect(
    (await post(`/v1/transits/${mrn}/border-crossings`, kgOfficer, { office: 'KGAKZ001', sealsIntact: true }))
      .status,
  ).toBe(200);
  const arrived = await post(`/v1/transits/${mrn}/arrival`, kgOfficer, { office: 'KGBIS001' });
  expect(arrived.status).toBe(200);
  expect(arrived.body.state).toBe('ARRIVED');
  expect(
    (await post(`/v1/transits/${mrn}/unloading-remarks`, kgOfficer, { office: 'KGBIS001', conform: true }))
      .status,
  ).toBe(200);

  const final = await eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: kgOfficer })).body,
    (b) => b?.state === 'WRITTEN_OFF',
  );
  expect(final).toMatchObject({
    state: 'WRITTEN_OFF',
    closure: 'ARRIVAL',
    guarantee: { status: 'RELEASED' },
  });
  expect(
    final.itinerary
      .filter((s: { role: string }) => s.role === 'transit')
      .map((s: { office: string; crossedAt?: string }) => [s.office, Boolean(s.crossedAt)]),
  ).toEqual([
    ['KZKHO001', true],
    ['KGAKZ001', true],
  ]);
  expect(
    final.timeline.filter((e: { type: string }) => e.type === 'state').map((e: { state: string }) => e.state),
  ).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ARRIVED', 'WRITTEN_OFF']);
  const balance = await eventually(
    async () => (await stack.request('GET', '/v1/guarantees/26KZ00000000000017', { token: clearance })).body,
    (b) => b?.reserved === '0.00',
  );
  expect(balance).toMatchObject({
    status: 'ACTIVE',
    referenceAmount: '250000.00',
    reserved: '0.00',
    charged: '0.00',
    available: '250000.00',
    openReservations: [],
  });
  expect(balance.accessCode).toBeUndefined();

  // a second write-off is refused with the reason
  const again = await post(`/v1/transits/${mrn}/unloading-remarks`, kgOfficer, {
    office: 'KGBIS001',
    conform: true,
  });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/no second write-off|WRITTEN_OFF/);
});

test('messages out of sequence are refused with 409 and the reason', async () => {
  const grn = freshGrn();
  expect((await post('/v1/guarantees', clearance, guarantee(grn))).status).toBe(202);
  const mrn = (await post('/v1/transits', clearance, transit(grn))).body.mrn;
  await released(mrn);
  const skip = await post(`/v1/transits/${mrn}/border-crossings`, kgOfficer, { office: 'KGAKZ001' });
  expect(skip.status).toBe(409);
  expect(skip.body).toMatchObject({
    error: 'conflict',
    message: expect.stringMatching(/must cross KZKHO001 before KGAKZ001/),
  });
  const early = await post(`/v1/transits/${mrn}/arrival`, kgOfficer, { office: 'KGBIS001' });
  expect(early.status).toBe(409);
  expect(early.body.message).toMatch(/no border crossing recorded yet/);
  const unloading = await post(`/v1/transits/${mrn}/unloading-remarks`, kgOfficer, {
    office: 'KGBIS001',
    conform: true,
  });
  expect(unloading.status).toBe(409);
  expect(unloading.body.message).toMatch(/not arrived/);
  const enquiry = await post(`/v1/transits/${mrn}/enquiry-response`, clearance, { explanation: 'delivered' });
  expect(enquiry.status).toBe(409);
  expect(enquiry.body.message).toMatch(/no enquiry is open/);
});

test('bad input is refused with 400 naming each field; officers act only at their offices', async () => {
  const grn = freshGrn();
  const badGuarantee = { ...guarantee(grn), referenceAmount: '-5', countriesOfValidity: ['KZ', 'XX'] };
  const g400 = await post('/v1/guarantees', clearance, badGuarantee);
  expect(g400.status).toBe(400);
  expect(g400.body.issues.map((i: { path: string }) => i.path)).toEqual(
    expect.arrayContaining(['referenceAmount', 'countriesOfValidity[1]']),
  );

  const wrongRole = transit(grn);
  wrongRole.officeOfDestination = 'CNALA001'; // no destination role
  wrongRole.countriesOfRouting = ['CN', 'KZ', 'KG', 'CN'];
  const t400 = await post('/v1/transits', clearance, wrongRole);
  expect(t400.status).toBe(400);
  expect(t400.body.issues).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: 'officeOfDestination', code: 'office_role_mismatch' }),
    ]),
  );

  const tir = transit(grn);
  tir.declarationType = 'TIR';
  tir.guarantee.type = 'B';
  const tir400 = await post('/v1/transits', clearance, tir);
  expect(tir400.status).toBe(400);
  expect(tir400.body.issues).toEqual([
    expect.objectContaining({ path: 'tirCarnetNumber', code: 'required' }),
  ]);

  expect((await post('/v1/guarantees', clearance, guarantee(grn))).status).toBe(202);
  const mrn = (await post('/v1/transits', clearance, transit(grn))).body.mrn;
  await released(mrn);
  const body400 = await post(`/v1/transits/${mrn}/unloading-remarks`, kgOfficer, {
    office: 'KGBIS001',
    conform: false,
    sealz: true,
  });
  expect(body400.status).toBe(400);
  expect(body400.body.issues.map((i: { path: string }) => i.path)).toEqual(
    expect.arrayContaining(['sealz', 'discrepancies']),
  );
  expect((await post(`/v1/transits/${mrn}/border-crossings`, kgOfficer, { office: 'KZKHO001' })).status).toBe(
    403,
  );
  expect((await post(`/v1/transits/${mrn}/border-crossings`, clearance, { office: 'KZKHO001' })).status).toBe(
    403,
  );
  expect(
    (
      await stack.request('GET', `/v1/transits/${mrn}`, {
        token: stack.token({ role: 'officer', countries: ['UZ'] }),
      })
    ).status,
  ).toBe(404);
  expect((await stack.request('GET', '/v1/transits/22ITZXBZYUTJFLJXK7', { token: clearance })).status).toBe(
    400,
  );
});

test('the same transit twice is one movement; the same LRN with other content is a 409; the same guarantee twice is one guarantee', async () => {
  const grn = freshGrn();
  expect((await post('/v1/guarantees', clearance, guarantee(grn))).status).toBe(202);
  const again = await post('/v1/guarantees', clearance, guarantee(grn));
  expect(again.status).toBe(202);
  expect(again.body.duplicate).toBe(true);
  expect(
    (await post('/v1/guarantees', clearance, { ...guarantee(grn), referenceAmount: '1.00' })).status,
  ).toBe(409);
  const t = transit(grn);
  const first = await post('/v1/transits', clearance, t);
  const second = await post('/v1/transits', clearance, t);
  expect(second.body.mrn).toBe(first.body.mrn);
  expect(second.body.duplicate).toBe(true);
  expect(
    (await post('/v1/transits', clearance, { ...t, transport: { ...t.transport, seals: ['OTHER0001'] } }))
      .status,
  ).toBe(409);
  // let the reservation finish before the worker shuts down (its activity waits on the guarantee workflow)
  expect((await released(first.body.mrn)).guarantee.status).toBe('RESERVED');
});
