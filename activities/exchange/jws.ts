import type crypto from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { keyValidAt, type Partner, type PartnerDirectory } from '../../config/partners';
import type { SigningKey } from '../../config/exchange-keys';
import {
  ACK,
  REJECTION,
  canonicalJson,
  envelopeProblems,
  isFresh,
  type ExchangeEnvelope,
  type Refusal,
} from '../../domain/exchange/envelope';

const ANSWER_TYPES = [ACK, REJECTION];

/** The media type of a compact JWS body (RFC 7515). */
export const JOSE_MEDIA_TYPE = 'application/jose';

/** A compact JWS (EdDSA) over the envelope's canonical JSON, with the signing key's id in the header. */
export function signEnvelope(e: ExchangeEnvelope, key: Pick<SigningKey, 'kid' | 'key'>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(e)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'clearway-exchange+jws' })
    .sign(key.key as crypto.KeyObject);
}

export type Verified =
  | { ok: true; envelope: ExchangeEnvelope; partner: Partner; kid: string }
  | { ok: false; refusal: Refusal; envelope?: Partial<ExchangeEnvelope> };

export interface VerifyOptions {
  directory: PartnerDirectory;
  /** Administrations this node serves: the only receivers it takes. */
  served: readonly string[];
  now: Date;
  windowMs: number;
}

/** The payload, unverified: only to address an answer to whoever claims to have sent it. */
function peek(jws: string): Partial<ExchangeEnvelope> | undefined {
  try {
    const v = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Partial<ExchangeEnvelope>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a signed message in order: a compact EdDSA JWS, a key id the directory knows, the
 * signature, the envelope's shape, the key belonging to the sender and valid at the message's time,
 * this node as the receiver, the time within the window, the type one the sender sends. The first
 * failure is the refusal. Entitlement to the movement is the receiver's next step (it needs the case).
 */
export async function verifyMessage(jws: string, o: VerifyOptions): Promise<Verified> {
  const claimed = peek(jws);
  const refuse = (code: Refusal['code'], text: string): Verified => ({
    ok: false,
    refusal: { code, text },
    ...(claimed ? { envelope: claimed } : {}),
  });
  let header;
  try {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws)) throw new Error('not compact');
    header = decodeProtectedHeader(jws);
  } catch {
    return refuse('MALFORMED', 'the body is not a compact JWS');
  }
  if (header.alg !== 'EdDSA') return refuse('MALFORMED', `alg ${String(header.alg)}: only EdDSA is taken`);
  if (typeof header.kid !== 'string') return refuse('MALFORMED', 'the JWS header names no key (kid)');
  const found = o.directory.key(header.kid);
  if (!found) return refuse('UNKNOWN_KEY', `key ${header.kid} is in no partner's directory entry`);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, { ...found.key }, { algorithms: ['EdDSA'] }));
  } catch {
    return refuse('BAD_SIGNATURE', `the signature does not verify with key ${header.kid}`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return refuse('MALFORMED', 'the payload is not JSON');
  }
  const problems = envelopeProblems(envelope);
  if (problems.length) return refuse('MALFORMED', `envelope: ${problems.join('; ')}`);
  const e = envelope as ExchangeEnvelope;
  const sender = found.partner.administration;
  if (e.sender !== sender)
    return refuse('UNKNOWN_KEY', `key ${header.kid} is ${sender}'s, not ${e.sender}'s`);
  if (!keyValidAt(found.key, new Date(e.time)))
    return refuse('UNKNOWN_KEY', `key ${header.kid} is not valid at ${e.time}`);
  if (!o.served.includes(e.receiver))
    return refuse('WRONG_RECEIVER', `this node does not serve ${e.receiver}`);
  if (!isFresh(e.time, o.now, o.windowMs))
    return refuse('STALE', `time ${e.time} is outside the window of ${o.windowMs / 1000} s`);
  if (!ANSWER_TYPES.includes(e.type) && !found.partner.sends.includes(e.type))
    return refuse('NOT_ENTITLED', `${sender} does not send ${e.type} (partner directory)`);
  return { ok: true, envelope: e, partner: found.partner, kid: header.kid };
}
