import crypto from 'node:crypto';

/**
 * A case's business id from what asked for it and its administration: `<CC>-<letter><16 base-36
 * characters of the request's digest>` (A an audit, L an alert). The same request always names the
 * same workflow, and Temporal refuses to start it twice: a redelivered or repeated request opens
 * nothing new.
 */
export function businessIdOf(country: string, letter: string, key: string): string {
  const digest = crypto.createHash('sha256').update(key).digest();
  const serial = BigInt('0x' + digest.subarray(0, 12).toString('hex'))
    .toString(36)
    .toUpperCase()
    .padStart(16, '0')
    .slice(-16);
  return `${country}-${letter}${serial}`;
}
