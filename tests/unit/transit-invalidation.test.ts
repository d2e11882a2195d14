import { applyInvalidation, invalidated, invalidationRefusal } from '../../domain/transit/invalidation';
import { movementClosed, newMovement, type MovementState } from '../../domain/transit/movement';
import { arrivalNotificationRefusal, guaranteeAmendmentRefusal } from '../../domain/transit/commands';
import type { TransitState } from '../../domain/transit/rules';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { example } from '../support/examples';

const AT = '2026-12-02T10:00:00.000Z';

function movement(state: TransitState): MovementState {
  const s = newMovement(
    {
      mrn: '26CN00000000000018',
      declaration: TransitDeclarationSchema.parse(example('transit.json')),
      payloadHash: 'h',
      lodgedAt: AT,
      lodgedBy: 'cs',
      settings: { timeLimitMs: 1, amendmentDeadlineMs: 1, enquiryResponseMs: 1, discrepancyResolutionMs: 1 },
    },
    'transit/26CN00000000000018',
  );
  s.view.state = state;
  return s;
}

describe('IE014 invalidation: refusal and apply', () => {
  test.each(['LODGED', 'ACCEPTED', 'GUARANTEE_REFUSED', 'UNDER_CONTROL'] as const)(
    'before release (%s) the holder may invalidate',
    (state) => {
      expect(invalidationRefusal(movement(state))).toBeUndefined();
    },
  );

  test.each(['RELEASED_FOR_TRANSIT', 'ARRIVED', 'DISCREPANCIES', 'ENQUIRY', 'RECOVERY'] as const)(
    'after release (%s) it is refused: a released declaration cannot be invalidated',
    (state) => {
      expect(invalidationRefusal(movement(state))).toBe(
        `invalidation refused: the declaration was released for transit (the movement is ${state}); a released declaration cannot be invalidated`,
      );
    },
  );

  test('a closed movement refuses it, naming how it closed', () => {
    expect(invalidationRefusal(movement('WRITTEN_OFF'))).toBe(
      'invalidation refused: the movement is already WRITTEN_OFF',
    );
    expect(invalidationRefusal(movement('NOT_RELEASED'))).toBe(
      'invalidation refused: the movement is already NOT_RELEASED',
    );
  });

  test('apply: INVALIDATED at once with the request kept, nothing left pending; a second request and later messages are refused', () => {
    const s = movement('GUARANTEE_REFUSED');
    s.view.pending = { action: 'amend the guarantee reference', by: 'holder' };
    const entries = applyInvalidation(s, { by: 'cs', justification: 'Container broken' }, AT);
    expect(entries).toEqual([
      {
        type: 'state',
        state: 'INVALIDATED',
        actor: 'cs',
        reason: 'IE014 invalidation requested: Container broken',
      },
    ]);
    expect(s.view.invalidation).toEqual({ requestedAt: AT, by: 'cs', justification: 'Container broken' });
    expect(s.view.pending).toBeUndefined();
    s.view.state = 'INVALIDATED';
    expect(invalidated(s)).toBe(true);
    expect(movementClosed(s)).toBe(true);
    expect(invalidationRefusal(s)).toBe('invalidation refused: the declaration was already invalidated');
    expect(guaranteeAmendmentRefusal(s, { by: 'cs', guarantee: { type: '0' } })).toMatch(/INVALIDATED/);
    expect(arrivalNotificationRefusal(s, { office: 'KGBIS001', officer: 'o' })).toBe(
      'arrival refused: the movement is already INVALIDATED',
    );
  });

  test('apply without a justification says so in fewer words', () => {
    const s = movement('ACCEPTED');
    expect(applyInvalidation(s, { by: 'cs' }, AT)[0].reason).toBe('IE014 invalidation requested');
    expect(s.view.invalidation).toEqual({ requestedAt: AT, by: 'cs' });
  });
});
