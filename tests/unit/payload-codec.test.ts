import crypto from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../apps/shared/payload-codec';

const plain: Payload = {
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from('{"lrn":"X"}'),
};
const of = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
const text = (p: Payload) => Buffer.from(p.data!).toString();

test('a payload that is not encrypted is refused, never passed through', async () => {
  const codec = new AesGcmPayloadCodec(crypto.randomBytes(32));
  await expect(codec.decode([plain])).rejects.toThrow(
    /refused a payload that is not encrypted \(encoding json\/plain\)/,
  );
  await expect(codec.decode([{ data: Buffer.from('x') }])).rejects.toThrow(/encoding none/);
});

test('a ciphertext is bound to its workflow: read for another workflow it is refused; its metadata changed to match, it fails authentication', async () => {
  const codec = new AesGcmPayloadCodec(crypto.randomBytes(32));
  const [enc] = await codec.encode([plain], of('declaration/A'));
  expect(Buffer.from(enc.metadata!['encryption-workflow-id']).toString()).toBe('declaration/A');
  expect(text((await codec.decode([enc], of('declaration/A')))[0])).toBe('{"lrn":"X"}');
  // an activity of that workflow reads it too (its context names the workflow that scheduled it)
  const activity = {
    type: 'activity' as const,
    namespace: 'default',
    workflowId: 'declaration/A',
    isLocal: true,
  };
  expect(text((await codec.decode([enc], activity))[0])).toBe('{"lrn":"X"}');
  await expect(codec.decode([enc], of('declaration/B'))).rejects.toThrow(
    'refused a payload of workflow declaration/A read for workflow declaration/B',
  );
  const relabelled = {
    ...enc,
    metadata: { ...enc.metadata, 'encryption-workflow-id': Buffer.from('declaration/B') },
  };
  await expect(codec.decode([relabelled], of('declaration/B'))).rejects.toThrow(/unable to authenticate/i);
  const unbound = { ...enc, metadata: { ...enc.metadata } };
  delete unbound.metadata['encryption-workflow-id'];
  await expect(codec.decode([unbound])).rejects.toThrow(/unable to authenticate/i);
  // without a context (an audit export) it is authenticated against the workflow it names
  expect(text((await codec.decode([enc]))[0])).toBe('{"lrn":"X"}');
});

test('payloads written before the binding (no AAD) still decode: running cases hold them', async () => {
  const key = crypto.randomBytes(32);
  const keyId = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.from([0x0a, 0x00, 0x12, 0x01, 0x78]); // Payload { metadata: {}, data: "x" } (protobuf)
  const legacy: Payload = {
    metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from(keyId) },
    data: Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]),
  };
  const [back] = await new AesGcmPayloadCodec(key).decode([legacy], of('declaration/A'));
  expect(text(back)).toBe('x');
});
