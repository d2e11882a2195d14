import { RE2JS } from 're2js';

/**
 * Regular expressions of risk rules run on RE2 (`re2js`, a pure-JS port): its matching time is
 * linear in the subject whatever the pattern, so no rule an administrator writes can stall the one
 * worker every administration shares. A backtracking engine (V8's RegExp) takes exponential time on
 * `(a+)+$` against `aaaa…b`. RE2 cannot match backreferences or lookaround in linear time and refuses
 * them when the pattern is compiled; the profile schema runs the same compilation, so such a rule is
 * refused at the door (docs/decisions.md, "Risk rule patterns on RE2").
 *
 * Semantics are RE2's (syntax: github.com/google/re2/wiki/Syntax): the subject is read as Unicode
 * code points; `i` folds case by Unicode simple case folding (so `k` also matches KELVIN SIGN U+212A
 * and `s` LONG S U+017F); `\s`, `\d`, `\w`, `\b` are ASCII; `.` excludes only `\n`. `u` changes
 * nothing (RE2 is always Unicode-aware); it is accepted because stored profiles carry it.
 */

const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

/** Compiles a rule pattern; throws when RE2 cannot compile it (syntax, backreference, lookaround). */
export function compileRegex(source: string, flags = ''): RE2JS {
  let bits = 0;
  for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
  return RE2JS.compile(source, bits);
}

/** Why RE2 refuses a pattern, or undefined when it compiles. */
export function regexProblem(source: string, flags = ''): string | undefined {
  try {
    compileRegex(source, flags);
    return undefined;
  } catch (e) {
    return (
      `RE2 cannot compile this pattern (${(e as Error).message}); rule patterns run on a ` +
      'linear-time engine, which has no backreferences and no lookaround'
    );
  }
}

/**
 * The characters RE2 folds an ASCII letter with under `i`: its two ASCII cases, plus the two
 * non-ASCII code points whose simple case folding is ASCII. Every other character folds only to
 * characters outside ASCII, so the literal and first-character fast paths of compile.ts use this.
 */
export function asciiCaseOrbit(code: number): number[] {
  const lower = code >= 65 && code <= 90 ? code + 32 : code;
  if (lower < 97 || lower > 122) return [code];
  const orbit = [lower - 32, lower];
  if (lower === 107) orbit.push(0x212a); // KELVIN SIGN
  if (lower === 115) orbit.push(0x17f); // LATIN SMALL LETTER LONG S
  return orbit;
}
