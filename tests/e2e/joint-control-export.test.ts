import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * An export declaration lodged in KZ (Almaty), leaving through Khorgos (KZKHO001, facing CNKHO001)
 * for China, over HTTP on the real stack: released, its exit awaited; a joint control at the KZ/CN
 * posts with one inspection recorded once confirms the exit on the declaration, and CN accepts the
 * entry. The export's own exit-confirmation route, and the refusals.
 */
let stack: TestStack;
let clearance: string;
let kzDeclaring: string;
let kzOfficer: string;
let cnOfficer: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-joint-export');
  clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  kzDeclaring = stack.token({ role: 'officer', countries: ['KZ'], sub: 'kz-officer-almaty' });
  kzOfficer = stack.token({
    role: 'officer',
    countries: ['KZ'],
    offices: ['KZKHO001'],
    sub: 'kz-officer-aliev',
  });
  cnOfficer = stack.token({
    role: 'officer',
    countries: ['CN'],
    offices: ['CNKHO001'],
    sub: 'cn-officer-li',
  });
});
afterAll(async () => {
  await stack?.close();
});

const post = (path: string, token: string, body: unknown = {}) =>
  stack.request('POST', path, { token, body });
const get = (path: string, token: string) => stack.request('GET', path, { token });
const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

/** An export of the shared example's goods, Almaty -> Khorgos -> China. */
async function lodgeExport(additionalType = 'A', sealed = false): Promise<string> {
  const d = JSON.parse(JSON.stringify(example('declaration-import.json')));
  if (sealed) {
    d.declarant.aeo = true;
    d.transport.seals = ['KZS000441', 'KZS000442'];
  }
  Object.assign(d, {
    lrn: `E2E-EX-${rand()}`,
    type: 'EX',
    additionalType,
    exporter: d.importer,
    officeOfExit: 'KZKHO001',
    countryOfDispatch: 'KZ',
    countryOfDestination: 'CN',
  });
  delete d.importer;
  delete d.officeOfEntry;
  const lodged = await post('/v1/declarations', clearance, d);
  expect(lodged.status).toBe(202);
  return lodged.body.mrn;
}

const view = (mrn: string, ready: (v: any) => boolean) =>
  eventually(
    async () => (await get(`/v1/declarations/${mrn}`, kzDeclaring)).body,
    (v) => !!v && ready(v),
  );

/** Released for export (an officer's conform control first, when random selection picked it). */
async function releasedExport(sealed = false): Promise<string> {
  const mrn = await lodgeExport('A', sealed);
  const v = await view(mrn, (x) => x.state === 'UNDER_CONTROL' || !!x.exit);
  if (v.state === 'UNDER_CONTROL') {
    const res = await post(`/v1/declarations/${mrn}/control-results`, kzDeclaring, {
      office: 'KZALA001',
      officerId: 'officer-12',
      controlType: v.control.type,
      outcome: 'CONFORM',
      completedAt: new Date().toISOString(),
    });
    expect(res.status).toBe(200);
  }
  const waiting = await view(mrn, (x) => !!x.exit);
  expect(waiting).toMatchObject({ state: 'RELEASED', exit: { office: 'KZKHO001' } });
  return mrn;
}

const jc = (mrn: string, tail = '') => `/v1/joint-controls/KHORGOS/${mrn}${tail}`;

test('an export at the KZ/CN posts: one inspection recorded once, its exit confirmed on the declaration, entry accepted by CN', async () => {
  const mrn = await releasedExport();
  const opened = await post('/v1/joint-controls', kzOfficer, { mrn, office: 'KZKHO001' });
  expect(opened.status).toBe(202);
  expect(opened.body).toMatchObject({ border: 'KHORGOS', mrn, duplicate: false });
  expect((await post('/v1/joint-controls', cnOfficer, { mrn, office: 'KZKHO001' })).body).toMatchObject({
    duplicate: true,
  });

  const waiting = await eventually(
    async () => (await get(jc(mrn), cnOfficer)).body,
    (v) => v?.state === 'AWAITING_INSPECTION',
  );
  expect(waiting.movement).toMatchObject({ kind: 'export', holderTin: 'KZ990140000123', aeo: false });
  expect(waiting.decisions.exit).toMatchObject({ country: 'KZ', profileId: 'demo-kz' });
  expect(waiting.decisions.entry).toMatchObject({ country: 'CN', profileId: 'demo-region' });

  expect(
    (await post(jc(mrn, '/inspection-booking'), cnOfficer, { slot: '2026-12-02T10:00:00Z' })).status,
  ).toBe(200);
  const result = {
    result: 'CONFORM',
    officers: [
      { country: 'KZ', officer: 'Aliev' },
      { country: 'CN', officer: 'Li Wei' },
    ],
    sealsIntact: true,
  };
  const recorded = await post(jc(mrn, '/inspection-result'), kzOfficer, result);
  expect(recorded.status).toBe(200);
  expect(recorded.body.state).toBe('EXIT_CONFIRMED');
  const again = await post(jc(mrn, '/inspection-result'), cnOfficer, result);
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/already recorded/);

  const exited = await view(mrn, (x) => !!x.exit?.confirmedAt);
  expect(exited.exit).toMatchObject({
    office: 'KZKHO001',
    by: 'kz-officer-aliev',
    via: 'joint-control',
    jointControl: `joint-control/KHORGOS/${mrn}`,
  });
  expect(exited.timeline.filter((e: any) => e.type === 'exit-confirmed')).toHaveLength(1);

  // Only the entry side accepts; its acceptance stays in the joint control (CN has no case of it here).
  expect((await post(jc(mrn, '/entry-acceptance'), kzOfficer)).status).toBe(409);
  const accepted = await post(jc(mrn, '/entry-acceptance'), cnOfficer);
  expect(accepted.status).toBe(200);
  const done = await eventually(
    async () => (await get(jc(mrn), kzOfficer)).body,
    (v) => v?.state === 'ENTRY_ACCEPTED' && v.movementCrossings.length === 1,
  );
  expect(done.movementCrossings).toEqual([expect.objectContaining({ office: 'KZKHO001', ok: true })]);
  expect(done.timeline.filter((e: any) => e.type === 'joint-inspection')).toHaveLength(1);
  const told = await eventually(
    async () =>
      (
        await stack.pool.query(
          "SELECT type, destination FROM outbox WHERE case_id = $1 AND destination LIKE 'partner:%'",
          [`joint-control/KHORGOS/${mrn}`],
        )
      ).rows,
    (rows) => rows.some((r: any) => r.type === 'JOINT_ENTRY_ACCEPTED'),
  );
  expect(told).toEqual(
    expect.arrayContaining([
      { type: 'JOINT_ENTRY_ACCEPTED', destination: 'partner:KZ' },
      { type: 'JOINT_EXIT_CONFIRMED', destination: 'partner:CN' },
    ]),
  );
});

test('a sealed export of an AEO, green on both sides: no stop, the exit confirmed from data', async () => {
  const mrn = await releasedExport(true);
  expect((await post('/v1/joint-controls', cnOfficer, { mrn, office: 'KZKHO001' })).status).toBe(202);
  const done = await eventually(
    async () => (await get(jc(mrn), kzOfficer)).body,
    (v) => v?.state === 'ENTRY_ACCEPTED' && v.movementCrossings.length === 1,
  );
  expect(done).toMatchObject({ noStop: true, channel: 'GREEN', movement: { aeo: true, sealsIntact: true } });
  expect(done.inspection).toBeUndefined();
  const exited = await view(mrn, (x) => !!x.exit?.confirmedAt);
  expect(exited.exit).toMatchObject({ via: 'joint-control', by: 'system' });
});

test('the office of exit confirms at its counter; repeat idempotent; refusals 403, 409, 400', async () => {
  const mrn = await releasedExport();
  const route = `/v1/declarations/${mrn}/exit-confirmation`;
  const bad = await post(route, kzOfficer, { office: 'KZ-KHO', extra: true });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['office']));
  expect((await post(route, cnOfficer, { office: 'KZKHO001' })).status).toBe(403);
  const other = await post(route, kzDeclaring, { office: 'KZDOS001' });
  expect(other.status).toBe(409);
  expect(other.body.message).toMatch(/KZDOS001 is not the office of exit \(KZKHO001\)/);

  const ok = await post(route, kzOfficer, { office: 'KZKHO001', remarks: 'truck left at 10:40' });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ duplicate: false, exit: { by: 'kz-officer-aliev', via: 'office' } });
  const repeat = await post(route, kzOfficer, { office: 'KZKHO001' });
  expect(repeat.status).toBe(200);
  expect(repeat.body).toMatchObject({ duplicate: true, exit: { confirmedAt: ok.body.exit.confirmedAt } });
  // The trader sees its export's exit.
  const traders = await get(`/v1/declarations/${mrn}`, clearance);
  expect(traders.body.exit).toMatchObject({ office: 'KZKHO001', via: 'office' });
});

test('refusals at the joint post: not released, not the office of exit, bad body', async () => {
  const bad = await post('/v1/joint-controls', kzOfficer, { mrn: '26KZ00000000000000', office: 'KZ' });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('office');

  const prelodged = await lodgeExport('D');
  await view(prelodged, (x) => x.state === 'AWAITING_PRESENTATION');
  const early = await post('/v1/joint-controls', kzOfficer, { mrn: prelodged, office: 'KZKHO001' });
  expect(early.status).toBe(409);
  expect(early.body.message).toMatch(/the export is AWAITING_PRESENTATION/);

  const mrn = await releasedExport();
  const wrongPost = await post('/v1/joint-controls', kzDeclaring, { mrn, office: 'KZDOS001' });
  expect(wrongPost.status).toBe(409);
  expect(wrongPost.body.message).toMatch(/office of exit is KZKHO001, not exit post KZDOS001/);
  // From the facing side the export is the other way round: not its office of exit.
  const facing = await post('/v1/joint-controls', cnOfficer, { mrn, office: 'CNKHO001' });
  expect(facing.status).toBe(404);
});
