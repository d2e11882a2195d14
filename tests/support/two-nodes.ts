import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { buildSigningKeys, type SigningKeys } from '../../config/exchange-keys';
import { planNodes, provisionNode, type NodePlan } from '../../scripts/nodes';
import { startTestStack, type TestStack } from './api';
import { keyEntries } from './exchange-keys';
import { relay } from './relay';

/**
 * Two nodes, KZ and CN, on the test stack (as tests/e2e/nodes.test.ts): each with its own database,
 * namespace, task queue, API port, keys file and partner directory naming the other's endpoint and
 * public keys, each delivering its outbox with the partner sender its worker builds. CN reaches KZ
 * through a relay the test can cut (`kzLink`). Registers its own beforeAll/afterAll.
 */
export interface TwoNodes {
  kz: TestStack;
  cn: TestStack;
  kzLink: ReturnType<typeof relay>;
  /** CN's signing keys, for messages a test signs as CN itself. */
  cnKeys: SigningKeys;
}

const TYPES = [
  'IE001',
  'IE050',
  'IE043',
  'IE140',
  'IE045',
  'IE118',
  'IE182',
  'IE006',
  'IE018',
  'ALERT',
  'ALERTRESULT',
];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Each node's keys file (its own private key) and directory (both administrations, the other's keys). */
function exchangeFiles(dir: string, ports: Record<string, number>) {
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
  return { files, cnKeys: buildSigningKeys(entries.CN!) };
}

/**
 * KZ and CN planned and provisioned by the code `clearway start --nodes KZ,CN` runs (scripts/nodes.ts):
 * a database each in the test PostgreSQL, a namespace each on the test Temporal server.
 */
export async function provisionedNodes(prefix: string): Promise<NodePlan[]> {
  const tag = `${prefix}${Date.now().toString(36)}`;
  const nodes = planNodes('KZ,CN', {
    databaseUrl: process.env.DATABASE_URL!,
    port: 3000,
    dataDir: '.data/test',
    prefix: tag,
    taskQueue: tag,
  });
  for (const n of nodes) await provisionNode(n, { temporalAddress: process.env.TEMPORAL_ADDRESS! });
  return nodes;
}

export function twoNodes(): TwoNodes {
  const x = {} as TwoNodes;
  let nodes: NodePlan[] | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    nodes = await provisionedNodes('xnodes');
    const ports = { KZ: await freePort(), CN: await freePort() };
    // CN's directory names the relay in front of KZ's API.
    const kzFront = await freePort();
    x.kzLink = relay(kzFront, ports.KZ);
    await x.kzLink.up();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearway-two-nodes-'));
    const { files, cnKeys } = exchangeFiles(dir, { KZ: kzFront, CN: ports.CN });
    x.cnKeys = cnKeys;
    const start = (n: NodePlan) =>
      startTestStack(
        `xnode-${n.administration.toLowerCase()}`,
        // Retries every second or two at most, so that delivery resumes soon after the partner is back.
        { ...n.env, ...files[n.administration], CLEARWAY_DELIVERY_MAX_BACKOFF: '2s' },
        { delivery: { partner: 'node' }, port: ports[n.administration as 'KZ' | 'CN'] },
      );
    x.kz = await start(nodes[0]!);
    x.cn = await start(nodes[1]!);
  }, 180_000);

  afterAll(async () => {
    await x.kzLink?.down();
    await x.kz?.close();
    await x.cn?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: process.env.CLEARWAY_TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    for (const n of nodes ?? []) await admin.query(`DROP DATABASE IF EXISTS ${n.database} WITH (FORCE)`);
    await admin.end();
  });
  return x;
}
