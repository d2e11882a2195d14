import crypto from 'node:crypto';
import { buildMrn } from '../../../domain/mrn';
import type { Declaration } from '../../../domain/schemas/declaration';

/**
 * Idempotent lodging: the MRN (and so the workflow id `declaration/<MRN>`) derives from the declarant
 * and the LRN, so the same submission twice names the same workflow and Temporal refuses a second
 * start. The 13-character serial is a base-36 digest of `declarant|LRN` (36^13 ≈ 1.7e20 values).
 * The year is the year of lodging (UTC): a retry across New Year would allocate a new MRN; the read
 * model's (declarant, LRN) index is the second line of defence there (docs/decisions.md).
 */
export function allocateMrn(decl: Declaration, lodgedAt: Date): string {
  const digest = crypto
    .createHash('sha256')
    .update(`${declarantKey(decl)}|${decl.lrn}`)
    .digest();
  const serial = BigInt('0x' + digest.subarray(0, 12).toString('hex'))
    .toString(36)
    .toUpperCase()
    .padStart(13, '0')
    .slice(-13);
  const year2 = String(lodgedAt.getUTCFullYear() % 100).padStart(2, '0');
  return buildMrn(year2, decl.officeOfDeclaration.slice(0, 2), serial);
}

export function declarantKey(decl: Declaration): string {
  return decl.declarant.tin ?? `${decl.declarant.country}:${decl.declarant.name}`;
}

/** Digest of the canonical JSON (keys sorted): the same content in any key order hashes the same. */
export function payloadHash(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
  }
  return JSON.stringify(value);
}
