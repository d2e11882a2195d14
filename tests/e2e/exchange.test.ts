import { buildMrn, mrnSerial } from '../../domain/mrn';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * The exchange between administrations over HTTP against the dev server and PostgreSQL: the office
 * of destination's own process (`arrival/<MRN>`) in its country's scope, and the inbox for partner
 * messages with message-id dedupe.
 */
let stack: TestStack;
let clearance: string;
let kzPartner: string;
let kgPartner: string;
let kgSupervisor: string;
let cnSupervisor: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-exchange');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  kzPartner = stack.token({ role: 'partner', countries: ['KZ'] });
  kgPartner = stack.token({ role: 'partner', countries: ['KG'] });
  kgSupervisor = stack.token({ role: 'supervisor', countries: ['KG'] });
  cnSupervisor = stack.token({ role: 'supervisor', countries: ['CN'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const freshGrn = () => `26KZ${rand().padStart(14, '0').slice(-14)}`;
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const inboxRow = async (id: string) =>
  (await stack.pool.query('SELECT status, source, case_id, outcome FROM inbox WHERE message_id = $1', [id]))
    .rows[0];

async function releasedMovement(): Promise<string> {
  const grn = freshGrn();
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-X-${rand()}`;
  t.guarantee.grn = grn;
  const lodged = await post('/v1/transits', clearance, t);
  expect(lodged.status).toBe(202);
  await eventually(
    async () => (await stack.request('GET', `/v1/transits/${lodged.body.mrn}`, { token: clearance })).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  return lodged.body.mrn;
}

const arrivalCase = (mrn: string, state: string) =>
  eventually(
    async () => (await stack.request('GET', `/v1/cases/arrival/${mrn}`, { token: kgSupervisor })).body,
    (b) => b?.state === state,
  );

test('release starts the office of destination’s process in its own country’s scope, through the inbox; it follows the movement to the write-off', async () => {
  const mrn = await releasedMovement();
  const rec = await arrivalCase(mrn, 'ANTICIPATED');
  expect(rec).toMatchObject({
    kind: 'arrival',
    office: 'KGBIS001',
    country: 'KG',
    movementCaseId: `transit/${mrn}`,
    seals: ['CNS000101', 'CNS000102'],
  });
  // the destination administration finds it in its work list; the departure administration does not
  const listed = await eventually(
    async () => (await stack.request('GET', '/v1/cases?kind=arrival', { token: kgSupervisor })).body,
    (b) => b?.cases?.some((c: { caseId: string }) => c.caseId === `arrival/${mrn}`),
  );
  expect(listed.cases.find((c: { caseId: string }) => c.caseId === `arrival/${mrn}`)).toMatchObject({
    kind: 'arrival',
    office: 'KGBIS001',
    state: 'ANTICIPATED',
  });
  expect((await stack.request('GET', `/v1/cases/arrival/${mrn}`, { token: cnSupervisor })).status).toBe(404);
  expect(await inboxRow(`transit/${mrn}/AAR/KGBIS001`)).toMatchObject({
    status: 'APPLIED',
    source: 'office:CNURU001',
    case_id: `arrival/${mrn}`,
  });

  // partner administrations report the crossings, the arrival and the unloading remarks
  const m = (id: string, type: string, body: unknown) => ({ messageId: `${id}-${mrn}`, mrn, type, body });
  expect(
    (
      await post(
        '/v1/exchange/messages',
        kzPartner,
        m('KZ-118', 'IE118', { office: 'KZKHO001', sealsIntact: true }),
      )
    ).body,
  ).toMatchObject({ status: 'APPLIED', duplicate: false });
  expect(
    (await post('/v1/exchange/messages', kgPartner, m('KG-118', 'IE118', { office: 'KGAKZ001' }))).status,
  ).toBe(200);
  const arrived = await post(
    '/v1/exchange/messages',
    kgPartner,
    m('KG-006', 'IE006', { office: 'KGBIS001' }),
  );
  expect(arrived.body).toMatchObject({ status: 'APPLIED', state: 'ARRIVED', caseId: `transit/${mrn}` });
  await arrivalCase(mrn, 'ARRIVED');
  expect(
    (
      await post(
        '/v1/exchange/messages',
        kgPartner,
        m('KG-018', 'IE018', { office: 'KGBIS001', conform: true }),
      )
    ).status,
  ).toBe(200);
  const closed = await arrivalCase(mrn, 'WRITTEN_OFF');
  expect(closed.closure).toBe('ARRIVAL');
  const movement = (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body;
  expect(movement.state).toBe('WRITTEN_OFF');
  expect(movement.timeline.find((e: { type: string }) => e.type === 'border-crossing').actor).toMatch(
    /^partner:/,
  );
});

test('the inbox applies a message once: a redelivery answers the first outcome, the same id with other content is a 409, a refusal is kept; bad input stores nothing', async () => {
  const mrn = await releasedMovement();
  const crossing = {
    messageId: `KZ-DUP-${mrn}`,
    mrn,
    type: 'IE118',
    body: { office: 'KZKHO001', sealsIntact: true },
  };
  const first = await post('/v1/exchange/messages', kzPartner, crossing);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ status: 'APPLIED', duplicate: false, state: 'RELEASED_FOR_TRANSIT' });
  const again = await post('/v1/exchange/messages', kzPartner, crossing);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ messageId: crossing.messageId, status: 'APPLIED', duplicate: true });
  const v = (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body;
  expect(v.timeline.filter((e: { type: string }) => e.type === 'border-crossing')).toHaveLength(1);
  const altered = await post('/v1/exchange/messages', kzPartner, {
    ...crossing,
    body: { office: 'KZKHO001', sealsIntact: false },
  });
  expect(altered.status).toBe(409);
  expect(altered.body.message).toMatch(/already received with different content/);

  // out of sequence: arrival before the crossing at Ak-Zhol; refused, and refused the same way again
  const early = { messageId: `KG-EARLY-${mrn}`, mrn, type: 'IE006', body: { office: 'KGBIS001' } };
  const refused = await post('/v1/exchange/messages', kgPartner, early);
  expect(refused.status).toBe(409);
  expect(refused.body.message).toMatch(/arrival refused/);
  const refusedAgain = await post('/v1/exchange/messages', kgPartner, early);
  expect(refusedAgain.status).toBe(409);
  expect(refusedAgain.body).toMatchObject({
    message: refused.body.message,
    outcome: { status: 'REFUSED', duplicate: true },
  });
  expect(await inboxRow(early.messageId)).toMatchObject({ status: 'REFUSED' });

  // outside the partner's scope, invalid, or for no movement: 4xx and no inbox row
  const foreign = { messageId: `KZ-FOREIGN-${mrn}`, mrn, type: 'IE118', body: { office: 'KGAKZ001' } };
  expect((await post('/v1/exchange/messages', kzPartner, foreign)).status).toBe(403);
  const bad = await post('/v1/exchange/messages', kgPartner, {
    messageId: `KG-BAD-${mrn}`,
    mrn,
    type: 'IE018',
    body: { office: 'KGBIS001', conform: false, sealz: 1 },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(
    expect.arrayContaining(['body.sealz', 'body.discrepancies']),
  );
  const unknownType = await post('/v1/exchange/messages', kgPartner, {
    messageId: `KG-UNK-${mrn}`,
    mrn,
    type: 'IE999',
    body: {},
  });
  expect(unknownType.status).toBe(400);
  expect(unknownType.body.issues.map((i: { path: string }) => i.path)).toContain('type');
  const nowhere = buildMrn(26, 'CN', mrnSerial(BigInt(Date.now()) * 7n));
  const lost = await post('/v1/exchange/messages', kzPartner, {
    messageId: `KZ-LOST-${mrn}`,
    mrn: nowhere,
    type: 'IE118',
    body: { office: 'KZKHO001' },
  });
  expect(lost.status).toBe(404);
  for (const id of [foreign.messageId, `KG-BAD-${mrn}`, `KG-UNK-${mrn}`, `KZ-LOST-${mrn}`])
    expect(await inboxRow(id)).toBeUndefined();
  // only partners use the exchange endpoint
  expect((await post('/v1/exchange/messages', clearance, crossing)).status).toBe(403);
});

test('the inbox is keyed per sender: an id another partner used first is not squatted, each is its own message', async () => {
  const mrn = await releasedMovement();
  const kz = stack.token({ role: 'partner', countries: ['KZ'], sub: 'customs-kz@test' });
  const kg = stack.token({ role: 'partner', countries: ['KG'], sub: 'customs-kg@test' });
  const id = `CROSSING-1-${mrn}`;
  // KG takes the id first, with a crossing out of sequence (the KZ border is not crossed yet).
  const squat = await post('/v1/exchange/messages', kg, {
    messageId: id,
    mrn,
    type: 'IE118',
    body: { office: 'KGAKZ001' },
  });
  expect(squat.status).toBe(409);
  // KZ's own message under the same id is applied: not answered as KG's repeat, nor as other content.
  const own = await post('/v1/exchange/messages', kz, {
    messageId: id,
    mrn,
    type: 'IE118',
    body: { office: 'KZKHO001' },
  });
  expect(own.status).toBe(200);
  expect(own.body).toMatchObject({ status: 'APPLIED', duplicate: false });
  const rows = await stack.pool.query(
    'SELECT source, status FROM inbox WHERE message_id = $1 ORDER BY source',
    [id],
  );
  expect(rows.rows).toEqual([
    { source: 'partner:customs-kg@test', status: 'REFUSED' },
    { source: 'partner:customs-kz@test', status: 'APPLIED' },
  ]);
  // A repeat is still a repeat within one sender; KG's refusal stands for KG.
  const repeat = await post('/v1/exchange/messages', kz, {
    messageId: id,
    mrn,
    type: 'IE118',
    body: { office: 'KZKHO001' },
  });
  expect(repeat.body).toMatchObject({ status: 'APPLIED', duplicate: true });
  const v = (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body;
  expect(v.timeline.filter((e: { type: string }) => e.type === 'border-crossing')).toHaveLength(1);
});
