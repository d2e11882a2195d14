import type { InvalidationRequest } from '../../contracts/transit';
import { movementFacts, type Entry, type MovementState } from './movement';
import { beforeRelease } from './rules';

/**
 * IE014 invalidation, as NCTS has it: the holder may invalidate a declaration until it is released
 * for transit; after that the goods are under the procedure and only its end (arrival, enquiry,
 * recovery) closes it. The movement is INVALIDATED at once, so a second request or any later message
 * is refused by its own validator; the process then frees the guarantee reference and sends IE009.
 */
export function invalidationRefusal(s: MovementState): string | undefined {
  const { state } = movementFacts(s);
  if (state === 'INVALIDATED') return 'invalidation refused: the declaration was already invalidated';
  if (state === 'WRITTEN_OFF' || state === 'NOT_RELEASED')
    return `invalidation refused: the movement is already ${state}`;
  if (!beforeRelease(state))
    return `invalidation refused: the declaration was released for transit (the movement is ${state}); a released declaration cannot be invalidated`;
  return undefined;
}

export function applyInvalidation(s: MovementState, r: InvalidationRequest, at: string): Entry[] {
  s.view.invalidation = {
    requestedAt: at,
    by: r.by,
    ...(r.justification ? { justification: r.justification } : {}),
  };
  s.view.pending = undefined;
  return [
    {
      type: 'state',
      state: 'INVALIDATED',
      actor: r.by,
      reason: `IE014 invalidation requested${r.justification ? `: ${r.justification}` : ''}`,
    },
  ];
}

/** The main flow's check after each wait before release: the movement was invalidated meanwhile. */
export const invalidated = (s: MovementState): boolean => s.view.state === 'INVALIDATED';
