import type { GuaranteeLedger, ReserveRequest } from './index';

/**
 * A guarantee's access code is 4 characters: 36^4 = 1.7 million codes, tried in minutes without a
 * limit. Wrong codes are counted per guarantee, in the guarantee workflow that checks them (one
 * writer, serialised with the reservations, carried through continue-as-new); the `attempts`-th
 * wrong code in a row locks the guarantee: every new reservation is refused, the right code too,
 * until `lockMs` has passed. A right code resets the count. Retries of a reservation already made
 * are answered as before (they carry no new guess).
 */
export interface CodeLockout {
  attempts: number;
  lockMs: number;
}

export const DEFAULT_CODE_LOCKOUT: CodeLockout = { attempts: 5, lockMs: 15 * 60_000 };

/** A new reservation is asked (not the retry of one made): its access code is a guess to count. */
export const guessesCode = (l: GuaranteeLedger, req: ReserveRequest): boolean => !l.open[req?.mrn];

export function lockoutRefusal(l: GuaranteeLedger, req: ReserveRequest, nowMs: number): string | undefined {
  if (!guessesCode(l, req) || !l.lockedUntil || nowMs >= Date.parse(l.lockedUntil)) return undefined;
  return `guarantee ${l.grn} is locked after too many wrong access codes until ${l.lockedUntil}`;
}

/**
 * Counts a wrong access code; the last one allowed locks the guarantee. Returns the refusal to
 * answer and whether it locked (the workflow records the lockout in the timeline).
 */
export function applyWrongCode(
  l: GuaranteeLedger,
  nowMs: number,
  policy: CodeLockout = DEFAULT_CODE_LOCKOUT,
): { reason: string; locked: boolean } {
  const failures = (l.codeFailures ?? 0) + 1;
  if (failures < policy.attempts) {
    l.codeFailures = failures;
    return { reason: `wrong access code for guarantee ${l.grn}`, locked: false };
  }
  l.codeFailures = 0;
  l.lockedUntil = new Date(nowMs + policy.lockMs).toISOString();
  return {
    reason: `wrong access code for guarantee ${l.grn}: ${policy.attempts} in a row, reservations are refused until ${l.lockedUntil}`,
    locked: true,
  };
}

export function applyRightCode(l: GuaranteeLedger): void {
  if (l.codeFailures) l.codeFailures = 0;
}
