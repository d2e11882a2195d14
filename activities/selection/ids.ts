import crypto from 'node:crypto';

/**
 * An audit's business id from what asked for it (an outbox message id, or the canonical open request
 * of POST /v1/audits): `<CC>-A<16 base-36 characters of its digest>`. The same request always names
 * the same workflow, `audit/<id>`, and Temporal refuses to start it twice.
 */
export function auditIdOf(country: string, key: string): string {
  const digest = crypto.createHash('sha256').update(key).digest();
  const serial = BigInt('0x' + digest.subarray(0, 12).toString('hex'))
    .toString(36)
    .toUpperCase()
    .padStart(16, '0')
    .slice(-16);
  return `${country}-A${serial}`;
}
