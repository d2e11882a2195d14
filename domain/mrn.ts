/**
 * Movement Reference Number: 18 characters `[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]`
 * (year, country, serial, check digit). The check digit follows ISO 6346: each character gets a
 * value (digits their own value; letters from A=10 upwards, skipping multiples of 11: A=10, B=12,
 * ..., K=21, L=23, ..., U=32, V=34, ..., Z=38), multiplied by 2^position (position 0 first), summed,
 * taken modulo 11; a remainder of 10 gives 0.
 */

export const MRN_RE = /^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/;

const LETTER_VALUES: Readonly<Record<string, number>> = (() => {
  const out: Record<string, number> = {};
  let v = 10;
  for (let c = 65; c <= 90; c++) {
    if (v % 11 === 0) v++;
    out[String.fromCharCode(c)] = v;
    v++;
  }
  return out;
})();

function charValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  const v = LETTER_VALUES[ch];
  if (v === undefined) throw new RangeError(`invalid MRN character "${ch}"`);
  return v;
}

/** The ISO 6346 check digit of `body` ([0-9A-Z]): MRNs and container numbers use the same one. */
export function iso6346CheckDigit(body: string): string {
  let total = 0;
  for (let i = 0; i < body.length; i++) total += charValue(body[i]) * 2 ** i;
  return String((total % 11) % 10);
}

/** Check digit for the first 17 characters of an MRN. */
export function mrnCheckDigit(first17: string): string {
  if (!/^[0-9A-Z]{17}$/.test(first17))
    throw new RangeError(`MRN body must be 17 characters [0-9A-Z], got "${first17}"`);
  return iso6346CheckDigit(first17);
}

/** Builds an MRN from a 2-digit year, an ISO alpha-2 country and a 13-character serial. */
export function buildMrn(year2: string | number, country: string, serial13: string): string {
  const yy = typeof year2 === 'number' ? String(year2 % 100).padStart(2, '0') : year2;
  if (!/^[0-9]{2}$/.test(yy)) throw new RangeError(`MRN year must be 2 digits, got "${yy}"`);
  if (!/^[A-Z]{2}$/.test(country))
    throw new RangeError(`MRN country must be 2 capital letters, got "${country}"`);
  if (!/^[A-Z0-9]{13}$/.test(serial13))
    throw new RangeError(`MRN serial must be 13 characters [A-Z0-9], got "${serial13}"`);
  const body = `${yy}${country}${serial13}`;
  return body + mrnCheckDigit(body);
}

/**
 * A 13-character serial from a non-negative sequence number (base 36, zero-padded), so an MRN can
 * be allocated deterministically from a counter: buildMrn(26, 'KZ', mrnSerial(42)).
 */
export function mrnSerial(sequence: number | bigint, prefix = ''): string {
  const n = BigInt(sequence);
  if (n < 0n) throw new RangeError('MRN sequence must not be negative');
  if (!/^[A-Z0-9]*$/.test(prefix))
    throw new RangeError(`MRN serial prefix must be [A-Z0-9], got "${prefix}"`);
  const body = n.toString(36).toUpperCase();
  const width = 13 - prefix.length;
  if (body.length > width) throw new RangeError(`MRN sequence ${n} does not fit ${width} characters`);
  return prefix + body.padStart(width, '0');
}

/** True for an 18-character MRN with the right shape and check digit. */
export function isValidMrn(s: string): boolean {
  if (typeof s !== 'string' || !MRN_RE.test(s)) return false;
  return mrnCheckDigit(s.slice(0, 17)) === s[17];
}
