import DecimalBase from 'decimal.js';

/**
 * Clearway's decimal type: a private decimal.js clone so nobody else's configuration leaks in.
 * 40 significant digits is far beyond any customs amount; ROUND_HALF_UP is the rounding rule for
 * money (see docs/domain.md). Never use JS numbers for money.
 */
export const Dec = DecimalBase.clone({
  precision: 40,
  rounding: DecimalBase.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

/** A decimal amount as it travels in JSON (never a float): "25400.00", "-3", "0.125". */
export type DecimalString = string;

export const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

export function isDecimalString(s: string): boolean {
  return DECIMAL_RE.test(s);
}

/** Parses a decimal string (or passes a Dec through). Throws on anything that is not a plain decimal. */
export function dec(v: string | Dec | number | bigint): Dec {
  if (typeof v === 'string') {
    if (!DECIMAL_RE.test(v)) throw new RangeError(`not a decimal amount: "${v}"`);
    return new Dec(v);
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new RangeError(`refusing a non-integer JS number as money: ${v}`);
    return new Dec(v);
  }
  if (typeof v === 'bigint') return new Dec(v.toString());
  return v;
}

export const ZERO = new Dec(0);

/** Rounds half-up (away from zero on .5) to `scale` decimal places. */
export function round(v: Dec, scale = 2): Dec {
  return v.toDecimalPlaces(scale, Dec.ROUND_HALF_UP);
}

/** Fixed-scale string, e.g. fmt(new Dec('1.5')) === '1.50'. */
export function fmt(v: Dec, scale = 2): string {
  return v.toFixed(scale, Dec.ROUND_HALF_UP);
}

export function sum(values: readonly Dec[]): Dec {
  return values.reduce<Dec>((acc, v) => acc.plus(v), ZERO);
}

/** Converts a rounded amount at `scale` to integer minor units (cents, tiyn). Throws if not whole. */
export function toMinor(v: Dec, scale = 2): bigint {
  const m = v.times(new Dec(10).pow(scale));
  if (!m.isInteger()) throw new RangeError(`${v.toString()} has more than ${scale} decimals`);
  return BigInt(m.toFixed(0));
}

export function fromMinor(m: bigint, scale = 2): Dec {
  return new Dec(m.toString()).dividedBy(new Dec(10).pow(scale));
}

/**
 * Splits `total` (already rounded to `scale`) over `weights` in proportion, by the largest-remainder
 * method on minor units: the parts always sum exactly to `total`, no cent is lost or created.
 * Ties in the remainder go to the earlier index (deterministic). Zero or negative total is allowed
 * (the sign is carried). If every weight is zero the split is equal.
 */
export function apportion(total: Dec, weights: readonly Dec[], scale = 2): Dec[] {
  if (weights.length === 0) {
    if (!total.isZero()) throw new RangeError('cannot apportion a non-zero amount over no items');
    return [];
  }
  if (weights.some((w) => w.isNegative())) throw new RangeError('apportionment weights must not be negative');
  const totalMinor = toMinor(total, scale);
  const sign = totalMinor < 0n ? -1n : 1n;
  const absMinor = totalMinor * sign;
  let ws = weights.map((w) => w);
  let wSum = sum(ws);
  if (wSum.isZero()) {
    ws = weights.map(() => new Dec(1));
    wSum = new Dec(weights.length);
  }
  const absDec = new Dec(absMinor.toString());
  const shares = ws.map((w) => absDec.times(w).dividedBy(wSum));
  const floors = shares.map((s) => BigInt(s.floor().toFixed(0)));
  let remaining = absMinor - floors.reduce((a, b) => a + b, 0n);
  const order = shares
    .map((s, i) => ({ i, rem: s.minus(s.floor()) }))
    .sort((a, b) => {
      const c = b.rem.comparedTo(a.rem);
      return c !== 0 ? c : a.i - b.i;
    });
  for (let k = 0; remaining > 0n; k++, remaining--) floors[order[k % order.length].i] += 1n;
  return floors.map((m) => fromMinor(m * sign, scale));
}
