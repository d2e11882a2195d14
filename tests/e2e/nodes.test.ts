import { Client } from 'pg';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { NodePlan } from '../../scripts/nodes';
import { provisionedNodes } from '../support/two-nodes';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 15, point 1: a node per administration. Two nodes, KZ and CN, planned and provisioned by the
 * code `clearway start --nodes KZ,CN` runs (scripts/nodes.ts): a database each in the test
 * PostgreSQL and a namespace each on the test Temporal server; each node's API and worker then run
 * in this process with the node's environment (CLEARWAY_ADMINISTRATIONS, namespace, task queue,
 * database), as the started processes would.
 */
let nodes: NodePlan[];
let kz: TestStack;
let cn: TestStack;

beforeAll(async () => {
  nodes = await provisionedNodes('nodes');
  kz = await startTestStack('node-kz', nodes[0].env);
  cn = await startTestStack('node-cn', nodes[1].env);
}, 180_000);

afterAll(async () => {
  await kz?.close();
  await cn?.close();
  const admin = new Client({ connectionString: process.env.CLEARWAY_TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  for (const n of nodes ?? []) await admin.query(`DROP DATABASE IF EXISTS ${n.database} WITH (FORCE)`);
  await admin.end();
});

test('each node has its own namespace, task queue, database and administration', () => {
  expect(nodes.map((n) => [n.administration, n.namespace, n.database])).toEqual([
    ['KZ', expect.stringMatching(/-kz$/), expect.stringMatching(/_kz$/)],
    ['CN', expect.stringMatching(/-cn$/), expect.stringMatching(/_cn$/)],
  ]);
  expect(kz.config).toMatchObject({ CLEARWAY_ADMINISTRATIONS: 'KZ', TEMPORAL_NAMESPACE: nodes[0].namespace });
  expect(cn.config).toMatchObject({ CLEARWAY_ADMINISTRATIONS: 'CN', TEMPORAL_NAMESPACE: nodes[1].namespace });
  expect(kz.config.TEMPORAL_TASK_QUEUE).not.toBe(cn.config.TEMPORAL_TASK_QUEUE);
});

test('a declaration at a KZ office is lodged on the KZ node; the CN node refuses it and does not see it', async () => {
  const lrn = `E2E-NODES-${Date.now()}`;
  const body = { ...example('declaration-import.json'), lrn };
  const kzTrader = kz.token({ role: 'clearance-system', countries: ['KZ'] });
  const lodged = await kz.request('POST', '/v1/declarations', { token: kzTrader, body });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn as string;
  const seen = await eventually(
    () => kz.request('GET', `/v1/declarations/${mrn}`, { token: kzTrader }),
    (r) => r.status === 200,
  );
  expect(seen.body).toMatchObject({ mrn, country: 'KZ' });

  // A trader of both countries at the CN node: refused before anything starts, the field named.
  const both = cn.token({ role: 'clearance-system', countries: ['KZ', 'CN'] });
  const refused = await cn.request('POST', '/v1/declarations', {
    token: both,
    body: { ...body, lrn: `${lrn}-CN` },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.issues).toEqual([
    expect.objectContaining({ path: 'officeOfDeclaration', code: 'not_served' }),
  ]);
  // A KZ token gets nothing from the CN node, neither a lodgement nor a read.
  expect((await cn.request('POST', '/v1/declarations', { token: kzTrader, body })).status).toBe(403);
  expect((await cn.request('GET', `/v1/declarations/${mrn}`, { token: kzTrader })).status).toBe(403);
  // The CN node does not see the KZ case: not in its namespace, not in its read model, not in its API.
  expect((await cn.request('GET', `/v1/declarations/${mrn}`, { token: both })).status).toBe(404);
  const cnSupervisor = cn.token({ role: 'supervisor', countries: ['KZ', 'CN'] });
  const listed = await cn.request('GET', '/v1/cases', { token: cnSupervisor });
  expect(listed.status).toBe(200);
  expect(JSON.stringify(listed.body)).not.toContain(mrn);
  await expect(cn.client.workflow.getHandle(`declaration/${mrn}`).describe()).rejects.toThrow(
    WorkflowNotFoundError,
  );
  expect(
    (await cn.pool.query('SELECT 1 FROM cases WHERE case_id = $1', [`declaration/${mrn}`])).rowCount,
  ).toBe(0);
  await eventually(
    () => kz.pool.query('SELECT 1 FROM cases WHERE case_id = $1', [`declaration/${mrn}`]),
    (r) => r.rowCount === 1,
  );
  const refusedCase = await cn.pool.query(`SELECT 1 FROM cases WHERE case_id LIKE 'declaration/%'`);
  expect(refusedCase.rowCount).toBe(0);
});
