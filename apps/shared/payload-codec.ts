import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from '../../config/env';

const ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM payload codec: declaration contents (names, TINs, invoices) reach Temporal's history
 * only as ciphertext. Each payload is serialised, encrypted with a fresh IV and tagged with the key
 * id, so keys can be rotated: decryption picks the key by id. The API, console and `clearway` decode
 * through the same codec; the Temporal UI shows ciphertext (a codec server would be needed there).
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

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.current)!;
    return payloads.map((p) => {
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.current) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? []).toString() !== ENCODING) return p;
      const id = Buffer.from(p.metadata?.['encryption-key-id'] ?? []).toString();
      const key = this.keys.get(id);
      if (!key)
        throw new Error(
          `no payload key with id ${id}: set CLEARWAY_PAYLOAD_KEY / CLEARWAY_PAYLOAD_KEYS_PREVIOUS`,
        );
      const data = Buffer.from(p.data ?? []);
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

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
