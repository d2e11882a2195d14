import crypto from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { buildMrn, mrnSerial } from '../../domain/mrn';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';
import { AesGcmPayloadCodec } from '../../apps/shared/payload-codec';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('e2e-codec');
});
afterAll(async () => {
  await stack?.close();
});

test('declaration contents reach Temporal history only as ciphertext, and the API still reads them', async () => {
  const token = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  const body = { ...example('declaration-import.json'), lrn: `E2E-CODEC-${Date.now()}` };
  const res = await stack.request('POST', '/v1/declarations', { token, body });
  expect(res.status).toBe(202);
  const workflowId = `declaration/${res.body.mrn}`;

  // The raw history, as the server stores it: no codec on this path.
  const raw = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    execution: { workflowId },
  });
  const started = raw.history!.events![0].workflowExecutionStartedEventAttributes!;
  const payloads = [...started.input!.payloads!, ...Object.values(started.memo!.fields!)];
  expect(payloads.length).toBeGreaterThan(0);
  for (const p of payloads) {
    expect(Buffer.from(p.metadata!.encoding!).toString()).toBe('binary/encrypted');
    for (const secret of ['Silk Road Logistics', 'KZ990140000123', 'INV-88231', body.lrn]) {
      expect(Buffer.from(p.data!).includes(Buffer.from(secret))).toBe(false);
    }
  }
  // Nowhere in the whole raw history either (events of later workflow tasks and activities included).
  const everything = Buffer.from(JSON.stringify(raw.history));
  expect(everything.includes(Buffer.from('Silk Road Logistics'))).toBe(false);

  // Through the API (which decodes), the case reads as usual.
  const got = await stack.request('GET', `/v1/declarations/${res.body.mrn}`, { token });
  expect(got.status).toBe(200);
  expect(got.body.lrn).toBe(body.lrn);
});

test('a payload tampered with in history is refused, not silently decoded', async () => {
  const key = crypto.randomBytes(32);
  const codec = new AesGcmPayloadCodec(key);
  const [enc] = await codec.encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"a":1}') },
  ]);
  const data = Buffer.from(enc.data!);
  data[20] ^= 0xff;
  await expect(codec.decode([{ ...enc, data }])).rejects.toThrow();
  const [back] = await codec.decode([enc]);
  expect(Buffer.from(back.data!).toString()).toBe('{"a":1}');
});

test('a payload written under a previous key still decodes after rotation', async () => {
  const oldKey = crypto.randomBytes(32);
  const [enc] = await new AesGcmPayloadCodec(oldKey).encode([{ metadata: {}, data: Buffer.from('x') }]);
  const rotated = new AesGcmPayloadCodec(crypto.randomBytes(32), [oldKey]);
  const [back] = await rotated.decode([enc]);
  expect(Buffer.from(back.data!).toString()).toBe('x');
});

/** Starts a workflow through the raw gRPC service: no codec on this path, the payloads go as given. */
async function startRaw(workflowId: string, payloads: Payload[]) {
  await stack.client.workflowService.startWorkflowExecution({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    workflowId,
    workflowType: { name: 'declarationWorkflow' },
    taskQueue: { name: stack.config.TEMPORAL_TASK_QUEUE },
    input: { payloads },
    requestId: crypto.randomUUID(),
  });
}

/** The failure of the workflow's first failed task, once the worker has tried it. */
async function firstTaskFailure(workflowId: string): Promise<string> {
  const failed = await eventually(
    async () =>
      (
        await stack.client.workflowService.getWorkflowExecutionHistory({
          namespace: stack.config.TEMPORAL_NAMESPACE,
          execution: { workflowId },
        })
      ).history?.events?.find((e) => e.workflowTaskFailedEventAttributes),
    (e) => e !== undefined,
  );
  return failed?.workflowTaskFailedEventAttributes?.failure?.message ?? '';
}

async function nothingStored(workflowId: string) {
  const rows = await stack.pool.query(
    'SELECT (SELECT count(*)::int FROM cases WHERE case_id = $1) AS cases, (SELECT count(*)::int FROM outbox WHERE case_id = $1) AS outbox',
    [workflowId],
  );
  expect(rows.rows[0]).toEqual({ cases: 0, outbox: 0 });
}

test('fail closed: a workflow started with an unencrypted input is refused by the worker; its task fails and nothing is stored', async () => {
  const mrn = buildMrn(26, 'KZ', mrnSerial(BigInt(Date.now()) * 13n));
  const workflowId = `declaration/${mrn}`;
  const input = {
    mrn,
    declaration: example('declaration-import.json'),
    payloadHash: 'x',
    lodgedAt: new Date().toISOString(),
    lodgedBy: 'intruder',
    settings: { slaMs: 3_600_000 },
  };
  await startRaw(workflowId, [defaultPayloadConverter.toPayload(input)]);
  try {
    expect(await firstTaskFailure(workflowId)).toMatch(
      /refused a payload that is not encrypted \(encoding json\/plain\)/,
    );
    await nothingStored(workflowId);
  } finally {
    await stack.client.workflow.getHandle(workflowId).terminate('test done');
  }
});

test("a ciphertext copied from one case's history into another case's start is refused: it is bound to its workflow", async () => {
  const token = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  const lodged = await stack.request('POST', '/v1/declarations', {
    token,
    body: { ...example('declaration-import.json'), lrn: `E2E-CODEC-COPY-${Date.now()}` },
  });
  expect(lodged.status).toBe(202);
  const raw = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    execution: { workflowId: `declaration/${lodged.body.mrn}` },
  });
  const stolen = raw.history!.events![0].workflowExecutionStartedEventAttributes!.input!
    .payloads! as Payload[];
  const workflowId = `declaration/${buildMrn(26, 'KZ', mrnSerial(BigInt(Date.now()) * 17n))}`;
  await startRaw(workflowId, stolen);
  try {
    expect(await firstTaskFailure(workflowId)).toMatch(
      `refused a payload of workflow declaration/${lodged.body.mrn} read for workflow ${workflowId}`,
    );
    await nothingStored(workflowId);
  } finally {
    await stack.client.workflow.getHandle(workflowId).terminate('test done');
  }
});
