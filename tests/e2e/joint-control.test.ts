import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Joint control at the Khorgos facing posts (CNKHO001 exit, KZKHO001 entry), over HTTP on the real
 * stack: each side's risk decision by its own profile (KZ: demo-kz, CN: demo-region), one inspection
 * booked and recorded once, both sides' recognition, the no-stop path and the entry side's
 * re-inspection. The crossings land on the movement's own process.
 */
let stack: TestStack;
let clearance: string;
let cnOfficer: string;
let kzOfficer: string;
let uzOfficer: string;
let supervisor: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-joint-control');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ'] });
  cnOfficer = stack.token({
    role: 'officer',
    countries: ['CN'],
    offices: ['CNKHO001'],
    sub: 'cn-officer-li',
  });
  kzOfficer = stack.token({
    role: 'officer',
    countries: ['KZ'],
    offices: ['KZKHO001'],
    sub: 'kz-officer-aliev',
  });
  uzOfficer = stack.token({ role: 'officer', countries: ['UZ'], sub: 'uz-officer' });
  supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown = {}) =>
  stack.request('POST', path, { token, body });
const get = (path: string, token: string) => stack.request('GET', path, { token });

/** A guarantee and a movement Urumqi -> Khorgos (CN, then KZ) -> Almaty, released for transit. */
async function releasedMovement(holder: { tin: string; aeo?: boolean }): Promise<string> {
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  const party = { tin: holder.tin, name: 'Khorgos Gateway Logistics', country: holder.tin.slice(0, 2) };
  const g = await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn, holder: party });
  expect(g.status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  Object.assign(t, {
    lrn: `E2E-JC-${rand()}`,
    holder: { ...party, ...(holder.aeo ? { aeo: true } : {}) },
    officeOfDeparture: 'CNURU001',
    officesOfTransit: ['CNKHO001', 'KZKHO001'],
    officeOfDestination: 'KZALA001',
    countriesOfRouting: ['CN', 'KZ'],
    documents: [{ group: 'SupportingDocument', type: 'N380', reference: 'INV-2026-77' }],
  });
  t.guarantee.grn = grn;
  const lodged = await post('/v1/transits', clearance, t);
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  await eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  return mrn;
}

const path = (mrn: string, tail = '') => `/v1/joint-controls/KHORGOS/${mrn}${tail}`;

async function arrive(mrn: string) {
  const opened = await post('/v1/joint-controls', cnOfficer, { mrn, office: 'CNKHO001' });
  expect(opened.status).toBe(202);
  expect(opened.body).toMatchObject({ border: 'KHORGOS', mrn, links: { self: path(mrn) } });
  return opened;
}

const crossings = async (mrn: string) =>
  eventually(
    async () => (await get(`/v1/transits/${mrn}`, clearance)).body,
    (v) => v?.itinerary?.filter((s: { crossedAt?: string }) => s.crossedAt).length === 2,
  );

test('a joint control at KZ/CN facing posts: the stricter side sets the channel, one inspection booked and recorded once, both sides confirm', async () => {
  // KZ's profile has this holder on its watch list (RED); CN's regional profile finds nothing (GREEN).
  const mrn = await releasedMovement({ tin: 'KZ000000000666' });
  await arrive(mrn);
  expect((await post('/v1/joint-controls', cnOfficer, { mrn, office: 'CNKHO001' })).body).toMatchObject({
    duplicate: true,
  });

  const waiting = await eventually(
    async () => (await get(path(mrn), kzOfficer)).body,
    (v) => v?.state === 'AWAITING_INSPECTION',
  );
  expect(waiting.channel).toBe('RED');
  expect(waiting.decisions.exit).toMatchObject({ country: 'CN', channel: 'GREEN', profileId: 'demo-region' });
  expect(waiting.decisions.entry).toMatchObject({ country: 'KZ', channel: 'RED', profileId: 'demo-kz' });
  expect(waiting.decisions.entry.reasons.join(' ')).toMatch(/watch list/);
  expect(waiting.channelReason).toMatch(/KZ \(entry\) decided RED, stricter than CN's GREEN/);

  // Neither side records the crossing alone while the joint control is on.
  const alone = await post(`/v1/transits/${mrn}/border-crossings`, cnOfficer, {
    office: 'CNKHO001',
    sealsIntact: true,
  });
  expect(alone.status).toBe(409);
  expect(alone.body.message).toMatch(
    /CNKHO001 is a joint post of KHORGOS; the joint control .* records this crossing/,
  );

  const booked = await post(path(mrn, '/inspection-booking'), cnOfficer, { slot: '2026-12-02T10:00:00Z' });
  expect(booked.status).toBe(200);
  expect(booked.body).toMatchObject({ state: 'INSPECTION_BOOKED', inspection: { kind: 'PHYSICAL' } });
  const again = await post(path(mrn, '/inspection-booking'), kzOfficer, { slot: '2026-12-02T11:00:00Z' });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/already booked.*one inspection/);

  const oneSide = await post(path(mrn, '/inspection-result'), kzOfficer, {
    result: 'CONFORM',
    sealsIntact: true,
    officers: [
      { country: 'KZ', officer: 'Aliev' },
      { country: 'KZ', officer: 'Bekova' },
    ],
  });
  expect(oneSide.status).toBe(409);
  expect(oneSide.body.message).toMatch(/officers of both sides; none of CN/);

  const result = {
    result: 'CONFORM',
    sealsIntact: true,
    officers: [
      { country: 'CN', officer: 'Li Wei' },
      { country: 'KZ', officer: 'Aliev' },
    ],
    findings: 'goods as declared',
  };
  const inspected = await post(path(mrn, '/inspection-result'), kzOfficer, result);
  expect(inspected.status).toBe(200);
  expect(inspected.body.state).toBe('EXIT_CONFIRMED');
  expect((await post(path(mrn, '/inspection-result'), cnOfficer, result)).body.message).toMatch(
    /already recorded.*once/,
  );

  const exitSide = await post(path(mrn, '/entry-acceptance'), cnOfficer);
  expect(exitSide.status).toBe(409);
  expect(exitSide.body.message).toMatch(/only the entry side \(KZ\)/);
  const accepted = await post(path(mrn, '/entry-acceptance'), kzOfficer);
  expect(accepted.status).toBe(200);
  expect(accepted.body.state).toBe('ENTRY_ACCEPTED');

  const movement = await crossings(mrn);
  expect(
    movement.itinerary
      .filter((s: { role: string }) => s.role === 'transit')
      .map((s: any) => [s.office, s.crossedBy]),
  ).toEqual([
    ['CNKHO001', 'kz-officer-aliev'],
    ['KZKHO001', 'kz-officer-aliev'],
  ]);
  const done = await eventually(
    async () => (await get(path(mrn), cnOfficer)).body,
    (v) => v?.movementCrossings?.length === 2,
  );
  expect(done.timeline.filter((e: { type: string }) => e.type === 'joint-inspection')).toHaveLength(1);
  expect(done.inspection.officers).toEqual(result.officers);
  expect(done.movementCrossings.every((c: { ok: boolean }) => c.ok)).toBe(true);

  // Each side hears the other through the exchange outbox.
  const rows = await eventually(
    async () =>
      (
        await stack.pool.query('SELECT destination, type FROM outbox WHERE case_id = $1', [
          `joint-control/KHORGOS/${mrn}`,
        ])
      ).rows,
    (r) => r.some((x) => x.type === 'JOINT_ENTRY_ACCEPTED'),
  );
  const sent = rows.map((r) => `${r.type}>${r.destination}`);
  expect(sent).toEqual(
    expect.arrayContaining([
      'JOINT_CONTROL_OPENED>partner:KZ',
      'JOINT_INSPECTION_RESULT>partner:KZ',
      'JOINT_EXIT_CONFIRMED>partner:KZ',
      'JOINT_ENTRY_ACCEPTED>partner:CN',
    ]),
  );

  // Officers of neither side see nothing; the dwell time of the pair is in the TRS report.
  expect((await get(path(mrn), uzOfficer)).status).toBe(404);
  const stats = await eventually(
    async () => (await get('/v1/statistics/release-times', supervisor)).body,
    (b) =>
      b?.borderDwell?.some(
        (p: { exitOffice: string; accepted: number }) => p.exitOffice === 'CNKHO001' && p.accepted > 0,
      ),
  );
  const pair = stats.borderDwell.find((p: { exitOffice: string }) => p.exitOffice === 'CNKHO001');
  expect(pair).toMatchObject({ border: 'KHORGOS', entryOffice: 'KZKHO001' });
  expect(pair.medianSeconds).toBeGreaterThanOrEqual(0);
  expect(stats.overall.segments).toBeDefined();
});

test('a sealed, green movement of an AEO passes the joint post with no stop: both sides confirm from data', async () => {
  const mrn = await releasedMovement({ tin: 'CN91650100MA7AEO01', aeo: true });
  await arrive(mrn);
  const passed = await eventually(
    async () => (await get(path(mrn), kzOfficer)).body,
    (v) => v?.state === 'ENTRY_ACCEPTED' && v.movementCrossings.length === 2,
  );
  expect(passed).toMatchObject({ channel: 'GREEN', noStop: true });
  expect(passed.inspection).toBeUndefined();
  expect(passed.decisions.exit.channel).toBe('GREEN');
  expect(passed.decisions.entry.channel).toBe('GREEN');
  expect(
    passed.timeline
      .filter((e: { type: string }) => e.type === 'state')
      .map((e: { state: string }) => e.state),
  ).toEqual(['ARRIVED', 'EXIT_CONFIRMED', 'ENTRY_ACCEPTED']);
  const movement = await crossings(mrn);
  expect(movement.state).toBe('RELEASED_FOR_TRANSIT');
  const booking = await post(path(mrn, '/inspection-booking'), cnOfficer, { slot: '2026-12-02T10:00:00Z' });
  expect(booking.status).toBe(409);
});

test('the entry side disagrees: it records its reason, inspects again, and the reason stays in the timeline', async () => {
  // Green on both sides but no AEO: one stop, a documentary inspection.
  const mrn = await releasedMovement({ tin: 'CN91650100MA7NOA02' });
  await arrive(mrn);
  await eventually(
    async () => (await get(path(mrn), cnOfficer)).body,
    (v) => v?.state === 'AWAITING_INSPECTION',
  );
  // A supervisor of either side: escalate; retry only when a side decision failed (409 otherwise).
  const why = { reason: 'queue at the post' };
  const escalated = await post(path(mrn, '/signals/escalate'), supervisor, why);
  expect(escalated.status).toBe(200);
  expect(escalated.body.escalations).toBe(1);
  const retry = await post(path(mrn, '/signals/retry'), supervisor, why);
  expect(retry.status).toBe(409);
  expect(retry.body.message).toMatch(/retry applies to a case stuck on a failed step/);
  const cancel = await post(path(mrn, '/signals/cancel'), supervisor, why);
  expect(cancel.status).toBe(400);
  expect(cancel.body.issues[0].path).toBe('signal');
  expect((await post(path(mrn, '/signals/escalate'), kzOfficer, why)).status).toBe(403);
  const uzSupervisor = stack.token({ role: 'supervisor', countries: ['UZ'] });
  expect((await post(path(mrn, '/signals/escalate'), uzSupervisor, why)).status).toBe(404);
  expect(
    (await post(path(mrn, '/inspection-booking'), kzOfficer, { slot: '2026-12-02T12:00:00Z' })).status,
  ).toBe(200);
  const inspected = await post(path(mrn, '/inspection-result'), cnOfficer, {
    result: 'CONFORM',
    sealsIntact: true,
    officers: [
      { country: 'CN', officer: 'Li Wei' },
      { country: 'KZ', officer: 'Aliev' },
    ],
  });
  expect(inspected.body).toMatchObject({ state: 'EXIT_CONFIRMED', inspection: { kind: 'DOCUMENTARY' } });

  const bad = await post(path(mrn, '/reinspection'), kzOfficer, {});
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
  const reason = 'x-ray image at entry differs from the declared load';
  const disagreed = await post(path(mrn, '/reinspection'), kzOfficer, { reason });
  expect(disagreed.status).toBe(200);
  expect(disagreed.body).toMatchObject({ state: 'ENTRY_REINSPECTION', reinspection: { reason } });
  expect((await post(path(mrn, '/entry-acceptance'), kzOfficer)).status).toBe(409);

  const reinspected = await post(path(mrn, '/reinspection-result'), kzOfficer, {
    result: 'CONFORM',
    findings: 'load re-stowed; goods as declared',
  });
  expect(reinspected.body.state).toBe('ENTRY_ACCEPTED');
  const view = await eventually(
    async () => (await get(path(mrn), kzOfficer)).body,
    (v) => v?.movementCrossings?.length === 2,
  );
  const kept = view.timeline.find((e: { state?: string }) => e.state === 'ENTRY_REINSPECTION');
  expect(kept).toMatchObject({ actor: 'kz-officer-aliev', data: { reason } });
  expect(view.timeline.filter((e: { type: string }) => e.type === 'joint-inspection')).toHaveLength(1);
});

test('bad requests: 400 naming the field; a post without a facing office; an office not next on the route', async () => {
  const bad = await post('/v1/joint-controls', cnOfficer, { mrn: 'nope', office: 'CNKHO001', extra: 1 });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('mrn');
  const mrn = await releasedMovement({ tin: 'CN91650100MA7BAD03' });
  const inland = await post('/v1/joint-controls', cnOfficer, { mrn, office: 'CNURU001' });
  expect(inland.status).toBe(400);
  expect(inland.body.issues[0].path).toBe('office');
  const wrongWay = await post('/v1/joint-controls', kzOfficer, { mrn, office: 'KZKHO001' });
  expect(wrongWay.status).toBe(409);
  expect(wrongWay.body.message).toMatch(/next crossing is CNKHO001/);
  expect((await post('/v1/joint-controls', uzOfficer, { mrn, office: 'CNKHO001' })).status).toBe(403);
});
