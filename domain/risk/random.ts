/**
 * Deterministic random selection. The draw is a pure function of (seed, declaration id): the
 * activity records the seed in history, so a replay draws the same number. No Math.random.
 */

/** FNV-1a 32-bit over UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-mixed 32-bit PRNG. Returns a generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random-selection draw in [0, 1) for one declaration under one seed. */
export function selectionDraw(seed: string | number, declarationId: string): number {
  return mulberry32(fnv1a(`${seed}|${declarationId}`))();
}
