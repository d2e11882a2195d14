import { verifyChains } from '../../activities/exchange/log';
import { signEnvelope } from '../../activities/exchange/jws';
import { arrivalRecordView } from '../../contracts/arrival';
import { buildMrn } from '../../domain/mrn';
import type { TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';
import { twoNodes } from '../support/two-nodes';

/**
 * Issue 15, "What it must show", first point: two nodes, KZ and CN, each with its own database,
 * namespace, task queue, API port, keys and partner directory (naming the other's endpoint and
 * public keys), and each delivering its outbox with the partner sender the worker builds. A transit
 * lodged at a CN office under a guarantee; its anticipated arrival record reaches the KZ node signed;
 * the crossing, arrival and unloading recorded at KZ go back signed to CN, which writes the movement
 * off, releases the guarantee and tells KZ (IE045), closing the arrival record there.
 */
const x = twoNodes();

const logged = async (node: TestStack, partner: string) =>
  (
    await node.pool.query<{ direction: string; message_id: string; type: string }>(
      'SELECT direction, message_id, type FROM exchange_log WHERE partner = $1 ORDER BY seq',
      [partner],
    )
  ).rows.map((r) => `${r.direction} ${r.type} ${r.message_id}`);

const post = (node: TestStack, p: string, token: string, body: unknown) =>
  node.request('POST', p, { token, body });
const record = (mrn: string) => () =>
  x.kz.client.workflow.getHandle(`arrival/${mrn}`).query(arrivalRecordView);

/** A transit lodged at CNURU001 under a new CN guarantee, through Khorgos to Almaty (KZ). */
async function lodgeAtCn(cnTrader: string): Promise<{ mrn: string; grn: string }> {
  const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  const grn = `26CN${rand.padStart(14, '0').slice(-14)}`;
  expect((await post(x.cn, '/v1/guarantees', cnTrader, { ...example('guarantee.json'), grn })).status).toBe(
    202,
  );
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  Object.assign(t, {
    lrn: `E2E-2N-${rand}`,
    officesOfTransit: ['KZKHO001'],
    officeOfDestination: 'KZALA001',
    countriesOfRouting: ['CN', 'KZ'],
  });
  t.guarantee.grn = grn;
  const lodged = await post(x.cn, '/v1/transits', cnTrader, t);
  expect(lodged.status).toBe(202);
  return { mrn: lodged.body.mrn as string, grn };
}

test('a CN transit to a KZ office: records signed to KZ, crossing, arrival and unloading signed back to CN, written off, guarantee released', async () => {
  const cnTrader = x.cn.token({ role: 'clearance-system', countries: ['CN'] });
  const kzOfficer = x.kz.token({ role: 'officer', countries: ['KZ'] });
  const { mrn, grn } = await lodgeAtCn(cnTrader);

  // The anticipated arrival record (IE001) reaches KZ signed and starts the arrival record there.
  const anticipated = await eventually(
    () => record(mrn)().catch(() => undefined),
    (v) => v?.state === 'ANTICIPATED',
    60_000,
  );
  expect(anticipated).toMatchObject({
    mrn,
    office: 'KZALA001',
    country: 'KZ',
    officeOfDeparture: 'CNURU001',
  });
  // The movement itself is CN's only.
  expect((await x.kz.request('GET', `/v1/transits/${mrn}`, { token: kzOfficer })).status).toBe(404);

  // The KZ officers record on KZ's API; each command leaves as a signed message to CN.
  for (const [route, body, type] of [
    ['border-crossings', { office: 'KZKHO001', sealsIntact: true }, 'IE118'],
    ['arrival', { office: 'KZALA001' }, 'IE006'],
    ['unloading-remarks', { office: 'KZALA001', conform: true }, 'IE018'],
  ] as const) {
    const before = (await x.cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body.timeline
      .length;
    const r = await post(x.kz, `/v1/transits/${mrn}/${route}`, kzOfficer, body);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ mrn, status: 'FORWARDED', forwarded: { type, to: 'partner:CN' } });
    // The same command again is the same message: nothing more leaves.
    expect((await post(x.kz, `/v1/transits/${mrn}/${route}`, kzOfficer, body)).body.forwarded).toEqual(
      r.body.forwarded,
    );
    await eventually(
      async () => (await x.cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body,
      (v) => v.timeline.length > before,
      60_000,
    );
    // Unloading waits for CN's unloading permission (IE043), as the officer at KZALA001 would.
    if (type === 'IE006') await eventually(record(mrn), (v) => v.state === 'ARRIVED', 60_000);
  }

  const final = await eventually(
    async () => (await x.cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body,
    (v) => v.state === 'WRITTEN_OFF',
    60_000,
  );
  expect(final).toMatchObject({ closure: 'ARRIVAL', guarantee: { status: 'RELEASED' } });
  expect(
    final.timeline.filter((e: { type: string }) => e.type === 'state').map((e: { state: string }) => e.state),
  ).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ARRIVED', 'WRITTEN_OFF']);
  const balance = await eventually(
    async () => (await x.cn.request('GET', `/v1/guarantees/${grn}`, { token: cnTrader })).body,
    (b) => b?.reserved === '0.00',
  );
  expect(balance).toMatchObject({ status: 'ACTIVE', available: '250000.00', openReservations: [] });

  // KZ heard the unloading permission and the write-off: its arrival record is closed.
  const closed = await eventually(record(mrn), (v) => v.state === 'WRITTEN_OFF', 60_000);
  expect(closed.received.map((m) => m.type)).toEqual(['ANTICIPATED_ARRIVAL_RECORD', 'IE043', 'IE045']);

  // Every message once in both logs, each side's record of the other matching; both chains verify.
  const cnLog = await eventually(
    () => logged(x.cn, 'KZ'),
    (rows) => rows.length >= 7,
    60_000,
  );
  const kzLog = await eventually(
    () => logged(x.kz, 'CN'),
    (rows) => rows.length >= 7,
    60_000,
  );
  const typesOf = (rows: string[], direction: string) =>
    rows.filter((r) => r.startsWith(`${direction} `)).map((r) => r.split(' ')[1]);
  expect(typesOf(cnLog, 'sent').sort()).toEqual(['IE001', 'IE043', 'IE045', 'IE050']);
  expect(typesOf(cnLog, 'received')).toEqual(['IE118', 'IE006', 'IE018']);
  const mirrored = kzLog.map((r) =>
    r.replace(/^(sent|received)/, (d) => (d === 'sent' ? 'received' : 'sent')),
  );
  expect(mirrored.sort()).toEqual([...cnLog].sort());
  expect(new Set(cnLog).size).toBe(cnLog.length);
  expect(await verifyChains(x.cn.pool)).toEqual([{ partner: 'KZ', rows: 7 }]);
  expect(await verifyChains(x.kz.pool)).toEqual([{ partner: 'CN', rows: 7 }]);
}, 300_000);

test('the KZ node unreachable for a while: CN retries, nothing lost or doubled, delivery resumes by itself', async () => {
  const cnTrader = x.cn.token({ role: 'clearance-system', countries: ['CN'] });
  await x.kzLink.down();
  const { mrn } = await lodgeAtCn(cnTrader);
  const toKz = () =>
    x.cn.pool
      .query<{
        message_id: string;
        attempts: number;
        last_error: string | null;
        dead_at: Date | null;
        delivered_at: Date | null;
      }>(
        `SELECT message_id, attempts, last_error, dead_at, delivered_at FROM outbox WHERE case_id = $1 AND destination LIKE 'office:KZ%'`,
        [`transit/${mrn}`],
      )
      .then((r) => r.rows);
  // The anticipated arrival and transit records: tried, refused by the network, kept for later.
  const failing = await eventually(
    toKz,
    (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 2),
    60_000,
  );
  for (const r of failing) {
    expect(r).toMatchObject({ dead_at: null, delivered_at: null });
    expect(r.last_error).toMatch(/network/);
  }
  await expect(record(mrn)()).rejects.toThrow();

  await x.kzLink.up();
  await eventually(
    () => record(mrn)().catch(() => undefined),
    (v) => v?.state === 'ANTICIPATED',
    60_000,
  );
  const delivered = await eventually(toKz, (rows) => rows.every((r) => r.delivered_at !== null), 60_000);
  const ids = delivered.map((r) => r.message_id).sort();
  // Once in KZ's inbox and once in each log, however many attempts it took.
  const inbox = await x.kz.pool.query<{ message_id: string }>(
    `SELECT message_id FROM inbox WHERE case_id = $1 ORDER BY message_id`,
    [`arrival/${mrn}`],
  );
  expect(inbox.rows.map((r) => r.message_id)).toEqual(ids);
  for (const [node, partner, direction] of [
    [x.cn, 'KZ', 'sent'],
    [x.kz, 'CN', 'received'],
  ] as const) {
    const rows = await node.pool.query<{ message_id: string }>(
      `SELECT message_id FROM exchange_log WHERE partner = $1 AND direction = $2 AND message_id = ANY($3) ORDER BY message_id`,
      [partner, direction, ids],
    );
    expect(rows.rows.map((r) => r.message_id)).toEqual(ids);
  }
  expect((await record(mrn)()).received.map((m) => m.type)).toEqual(['ANTICIPATED_ARRIVAL_RECORD']);
  for (const node of [x.cn, x.kz])
    expect((await verifyChains(node.pool)).every((c) => !c.firstBreak)).toBe(true);
}, 300_000);

test("KZ's door refuses destination-side messages CN may not send, with the reason, and starts nothing", async () => {
  const cnTrader = x.cn.token({ role: 'clearance-system', countries: ['CN'] });
  const { mrn } = await lodgeAtCn(cnTrader);
  await eventually(
    () => record(mrn)().catch(() => undefined),
    (v) => v?.state === 'ANTICIPATED',
    60_000,
  );
  const kzMrn = buildMrn(mrn.slice(0, 2), 'KZ', mrn.slice(4, 17));
  const send = async (correlation: string, messageId: string, body: Record<string, unknown>) => {
    const now = new Date();
    const jws = await signEnvelope(
      { sender: 'CN', receiver: 'KZ', type: 'IE001', messageId, correlation, time: now.toISOString(), body },
      x.cnKeys.current('CN', now)!,
    );
    const res = await fetch(`${x.kz.baseUrl}/v1/exchange/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: jws,
    });
    const answer = JSON.parse(Buffer.from((await res.text()).split('.')[1]!, 'base64url').toString('utf8'));
    return { http: res.status, ...answer.body };
  };
  // About a movement of another administration (the MRN's country is KZ): CN does not hold it.
  expect(await send(kzMrn, `X-${kzMrn}`, { office: 'KZALA001' })).toMatchObject({
    http: 403,
    code: 'NOT_ENTITLED',
    reason: expect.stringMatching(/only KZ, the administration of departure/),
  });
  // For an office that is not KZ's.
  expect(await send(mrn, `Y-${mrn}`, { office: 'CNURU001' })).toMatchObject({
    http: 403,
    code: 'NOT_ENTITLED',
    reason: 'CNURU001 is not an office of KZ',
  });
  // The record's own message id again with other content.
  const replayed = await send(mrn, `transit/${mrn}/AAR/KZALA001`, { office: 'KZALA001', timeLimit: 'x' });
  expect(replayed).toMatchObject({ http: 409, code: 'REPLAYED_ID' });
  await expect(x.kz.client.workflow.getHandle(`arrival/${kzMrn}`).describe()).rejects.toThrow();
  expect((await record(mrn)()).received).toHaveLength(1);
}, 120_000);
