import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from '../../config/env';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Metadata of payloads written since the binding: their AAD version, and the workflow they belong to. */
const AAD_VERSION = 'encryption-aad';
const BOUND_TO = 'encryption-workflow-id';

/**
 * AES-256-GCM payload codec: declaration contents (names, TINs, invoices) reach Temporal's history
 * only as ciphertext. Each payload is serialised, encrypted with a fresh IV and tagged with the key
 * id, so keys can be rotated: decryption picks the key by id. The API, console and `clearway` decode
 * through the same codec, and so does the Temporal UI through the API's codec server (apps/api/codec).
 *
 * Fail closed: a payload that is not encrypted is refused, never passed through, so nothing written
 * into history around Clearway (a signal from the `temporal` CLI, a tampered event) reaches a
 * workflow or the API as if Clearway had written it.
 *
 * Bound to its workflow: the SDK tells the codec whose payload it handles (its serialization
 * context: the workflow's id, for an activity the id of the workflow that scheduled it), and that id
 * is authenticated with the ciphertext (GCM additional data, with the key id) and named in the
 * metadata. A ciphertext copied into another workflow's history is refused when read with that
 * workflow's context, and fails authentication if its metadata is changed to match. Where the SDK
 * gives no context (an audit export decoding a whole history), the payload is authenticated against
 * the workflow id it names. Payloads written before the binding (no `encryption-aad`) decode as
 * before, without it: running cases hold them. The namespace is not bound: replay tools may replay a
 * history under another namespace name.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();
  private readonly current: string;

  constructor(key: Buffer, previous: Buffer[] = []) {
    for (const k of [key, ...previous]) {
      if (k.length !== 32) throw new Error('payload keys must be 32 bytes (AES-256)');
      this.keys.set(keyId(k), k);
    }
    this.current = keyId(key);
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const key = this.keys.get(this.current)!;
    const workflowId = workflowOf(context);
    return payloads.map((p) => {
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(this.current, workflowId));
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          'encryption-key-id': Buffer.from(this.current),
          [AAD_VERSION]: Buffer.from('v1'),
          ...(workflowId !== undefined ? { [BOUND_TO]: Buffer.from(workflowId) } : {}),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((p) => {
      const meta = (name: string) =>
        p.metadata?.[name] === undefined ? undefined : Buffer.from(p.metadata[name]).toString();
      const encoding = meta('encoding');
      if (encoding !== ENCRYPTED_ENCODING)
        throw new Error(
          `refused a payload that is not encrypted (encoding ${encoding ?? 'none'}): Clearway reads only what its codec wrote`,
        );
      const id = meta('encryption-key-id') ?? '';
      const key = this.keys.get(id);
      if (!key)
        throw new Error(
          `no payload key with id ${id}: set CLEARWAY_PAYLOAD_KEY / CLEARWAY_PAYLOAD_KEYS_PREVIOUS`,
        );
      const bound = meta(AAD_VERSION) === 'v1';
      const boundTo = meta(BOUND_TO);
      const expected = workflowOf(context);
      if (bound && expected !== undefined && boundTo !== expected)
        throw new Error(
          `refused a payload of ${boundTo === undefined ? 'no workflow' : `workflow ${boundTo}`} read for workflow ${expected}`,
        );
      const data = Buffer.from(p.data ?? []);
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      if (bound) decipher.setAAD(aad(id, boundTo));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The workflow a payload belongs to, when the SDK says (an activity's: the workflow that scheduled it). */
function workflowOf(context: SerializationContext | undefined): string | undefined {
  return context?.workflowId || undefined;
}

const aad = (keyId: string, workflowId: string | undefined) =>
  Buffer.from(`clearway-payload/v1\n${keyId}\n${workflowId ?? ''}`);

const keyId = (key: Buffer) => crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);

/**
 * The payload key: CLEARWAY_PAYLOAD_KEY (base64, 32 bytes), required in production; on the dev stack
 * a random key generated once into the data directory (mode 0600). Never logged, never in git.
 */
export function resolvePayloadKey(config: Config): Buffer {
  if (config.CLEARWAY_PAYLOAD_KEY) return Buffer.from(config.CLEARWAY_PAYLOAD_KEY, 'base64');
  const file = path.join(config.dataDir, 'payload-key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export function dataConverterFor(config: Config): DataConverter {
  const previous = (config.CLEARWAY_PAYLOAD_KEYS_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => Buffer.from(s, 'base64'));
  return { payloadCodecs: [new AesGcmPayloadCodec(resolvePayloadKey(config), previous)] };
}
