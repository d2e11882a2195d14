import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { verifyChains } from '../../activities/exchange/log';
import { arrivalRecordView } from '../../contracts/arrival';
import { buildSigningKeys } from '../../config/exchange-keys';
import { planNodes, provisionNode, type NodePlan } from '../../scripts/nodes';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { keyEntries } from '../support/exchange-keys';
import { relay } from '../support/relay';
import { eventually } from '../support/temporal';

/**
 * Issue 15, "What it must show", first point: two nodes, KZ and CN, each with its own database,
 * namespace, task queue, API port, keys and partner directory (naming the other's endpoint and
 * public keys), and each delivering its outbox with the partner sender the worker builds. A transit
 * lodged at a CN office under a guarantee; its anticipated arrival record reaches the KZ node signed;
 * the crossing, arrival and unloading recorded at KZ go back signed to CN, which writes the movement
 * off, releases the guarantee and tells KZ (IE045), closing the arrival record there.
 */
const TYPES = ['IE001', 'IE050', 'IE043', 'IE140', 'IE045', 'IE118', 'IE182', 'IE006', 'IE018'];
let nodes: NodePlan[];
let kz: TestStack;
let cn: TestStack;
let dir: string;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let kzLink: ReturnType<typeof relay>;

/** Each node's keys file (its own private key) and directory (both administrations, the other's keys). */
function exchangeFiles(ports: Record<string, number>) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearway-two-nodes-'));
  const entries = Object.fromEntries(['KZ', 'CN'].map((cc) => [cc, keyEntries([cc])]));
  const publicKeys = (cc: string) => buildSigningKeys(entries[cc]!).publicKeys()[0]!.keys;
  const files: Record<string, NodeJS.ProcessEnv> = {};
  for (const own of ['KZ', 'CN']) {
    const keysFile = path.join(dir, `${own}-keys.json`);
    fs.writeFileSync(keysFile, JSON.stringify({ keys: entries[own] }), { mode: 0o600 });
    const partnersFile = path.join(dir, `${own}-partners.json`);
    const partners = ['KZ', 'CN'].map((cc) => ({
      administration: cc,
      endpoint: `http://127.0.0.1:${ports[cc]}/v1/exchange/messages`,
      keys: cc === own ? [] : publicKeys(cc),
      takes: TYPES,
      sends: TYPES,
    }));
    fs.writeFileSync(partnersFile, JSON.stringify({ partners }));
    files[own] = { CLEARWAY_EXCHANGE_KEYS_FILE: keysFile, CLEARWAY_PARTNERS_FILE: partnersFile };
  }
  return files;
}

beforeAll(async () => {
  const tag = `xnodes${Date.now().toString(36)}`;
  nodes = planNodes('KZ,CN', {
    databaseUrl: process.env.DATABASE_URL!,
    port: 3000,
    dataDir: '.data/test',
    prefix: tag,
    taskQueue: tag,
  });
  for (const n of nodes) await provisionNode(n, { temporalAddress: process.env.TEMPORAL_ADDRESS! });
  const ports = { KZ: await freePort(), CN: await freePort() };
  // CN's directory names the relay in front of KZ's API.
  const kzFront = await freePort();
  kzLink = relay(kzFront, ports.KZ);
  await kzLink.up();
  const files = exchangeFiles({ KZ: kzFront, CN: ports.CN });
  const start = (n: NodePlan) =>
    startTestStack(
      `xnode-${n.administration.toLowerCase()}`,
      // Retries every second or two at most, so that delivery resumes soon after the partner is back.
      { ...n.env, ...files[n.administration], CLEARWAY_DELIVERY_MAX_BACKOFF: '2s' },
      { delivery: { partner: 'node' }, port: ports[n.administration as 'KZ' | 'CN'] },
    );
  kz = await start(nodes[0]!);
  cn = await start(nodes[1]!);
}, 180_000);

afterAll(async () => {
  await kzLink?.down();
  await kz?.close();
  await cn?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const admin = new Client({ connectionString: process.env.CLEARWAY_TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  for (const n of nodes ?? []) await admin.query(`DROP DATABASE IF EXISTS ${n.database} WITH (FORCE)`);
  await admin.end();
});

const logged = async (node: TestStack, partner: string) =>
  (
    await node.pool.query<{ direction: string; message_id: string; type: string }>(
      'SELECT direction, message_id, type FROM exchange_log WHERE partner = $1 ORDER BY seq',
      [partner],
    )
  ).rows.map((r) => `${r.direction} ${r.type} ${r.message_id}`);

const post = (node: TestStack, p: string, token: string, body: unknown) =>
  node.request('POST', p, { token, body });
const record = (mrn: string) => () => kz.client.workflow.getHandle(`arrival/${mrn}`).query(arrivalRecordView);

/** A transit lodged at CNURU001 under a new CN guarantee, through Khorgos to Almaty (KZ). */
async function lodgeAtCn(cnTrader: string): Promise<{ mrn: string; grn: string }> {
  const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  const grn = `26CN${rand.padStart(14, '0').slice(-14)}`;
  expect((await post(cn, '/v1/guarantees', cnTrader, { ...example('guarantee.json'), grn })).status).toBe(
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
  const lodged = await post(cn, '/v1/transits', cnTrader, t);
  expect(lodged.status).toBe(202);
  return { mrn: lodged.body.mrn as string, grn };
}

test('a CN transit to a KZ office: records signed to KZ, crossing, arrival and unloading signed back to CN, written off, guarantee released', async () => {
  const cnTrader = cn.token({ role: 'clearance-system', countries: ['CN'] });
  const kzOfficer = kz.token({ role: 'officer', countries: ['KZ'] });
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
  expect((await kz.request('GET', `/v1/transits/${mrn}`, { token: kzOfficer })).status).toBe(404);

  // The KZ officers record on KZ's API; each command leaves as a signed message to CN.
  for (const [route, body, type] of [
    ['border-crossings', { office: 'KZKHO001', sealsIntact: true }, 'IE118'],
    ['arrival', { office: 'KZALA001' }, 'IE006'],
    ['unloading-remarks', { office: 'KZALA001', conform: true }, 'IE018'],
  ] as const) {
    const before = (await cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body.timeline.length;
    const r = await post(kz, `/v1/transits/${mrn}/${route}`, kzOfficer, body);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ mrn, status: 'FORWARDED', forwarded: { type, to: 'partner:CN' } });
    // The same command again is the same message: nothing more leaves.
    expect((await post(kz, `/v1/transits/${mrn}/${route}`, kzOfficer, body)).body.forwarded).toEqual(
      r.body.forwarded,
    );
    await eventually(
      async () => (await cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body,
      (v) => v.timeline.length > before,
      60_000,
    );
  }

  const final = await eventually(
    async () => (await cn.request('GET', `/v1/transits/${mrn}`, { token: cnTrader })).body,
    (v) => v.state === 'WRITTEN_OFF',
    60_000,
  );
  expect(final).toMatchObject({ closure: 'ARRIVAL', guarantee: { status: 'RELEASED' } });
  expect(
    final.timeline.filter((e: { type: string }) => e.type === 'state').map((e: { state: string }) => e.state),
  ).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ARRIVED', 'WRITTEN_OFF']);
  const balance = await eventually(
    async () => (await cn.request('GET', `/v1/guarantees/${grn}`, { token: cnTrader })).body,
    (b) => b?.reserved === '0.00',
  );
  expect(balance).toMatchObject({ status: 'ACTIVE', available: '250000.00', openReservations: [] });

  // KZ heard the unloading permission and the write-off: its arrival record is closed.
  const closed = await eventually(record(mrn), (v) => v.state === 'WRITTEN_OFF', 60_000);
  expect(closed.received.map((m) => m.type)).toEqual(['ANTICIPATED_ARRIVAL_RECORD', 'IE043', 'IE045']);

  // Every message once in both logs, each side's record of the other matching; both chains verify.
  const cnLog = await eventually(
    () => logged(cn, 'KZ'),
    (rows) => rows.length >= 7,
    60_000,
  );
  const kzLog = await eventually(
    () => logged(kz, 'CN'),
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
  expect(await verifyChains(cn.pool)).toEqual([{ partner: 'KZ', rows: 7 }]);
  expect(await verifyChains(kz.pool)).toEqual([{ partner: 'CN', rows: 7 }]);
}, 300_000);

test('the KZ node unreachable for a while: CN retries, nothing lost or doubled, delivery resumes by itself', async () => {
  const cnTrader = cn.token({ role: 'clearance-system', countries: ['CN'] });
  await kzLink.down();
  const { mrn } = await lodgeAtCn(cnTrader);
  const toKz = () =>
    cn.pool
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

  await kzLink.up();
  await eventually(
    () => record(mrn)().catch(() => undefined),
    (v) => v?.state === 'ANTICIPATED',
    60_000,
  );
  const delivered = await eventually(toKz, (rows) => rows.every((r) => r.delivered_at !== null), 60_000);
  const ids = delivered.map((r) => r.message_id).sort();
  // Once in KZ's inbox and once in each log, however many attempts it took.
  const inbox = await kz.pool.query<{ message_id: string }>(
    `SELECT message_id FROM inbox WHERE case_id = $1 ORDER BY message_id`,
    [`arrival/${mrn}`],
  );
  expect(inbox.rows.map((r) => r.message_id)).toEqual(ids);
  for (const [node, partner, direction] of [
    [cn, 'KZ', 'sent'],
    [kz, 'CN', 'received'],
  ] as const) {
    const rows = await node.pool.query<{ message_id: string }>(
      `SELECT message_id FROM exchange_log WHERE partner = $1 AND direction = $2 AND message_id = ANY($3) ORDER BY message_id`,
      [partner, direction, ids],
    );
    expect(rows.rows.map((r) => r.message_id)).toEqual(ids);
  }
  expect((await record(mrn)()).received.map((m) => m.type)).toEqual(['ANTICIPATED_ARRIVAL_RECORD']);
  for (const node of [cn, kz]) expect((await verifyChains(node.pool)).every((c) => !c.firstBreak)).toBe(true);
}, 300_000);
