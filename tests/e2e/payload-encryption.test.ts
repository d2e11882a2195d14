import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { AesGcmPayloadCodec } from '../../apps/shared/payload-codec';
import crypto from 'node:crypto';

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
