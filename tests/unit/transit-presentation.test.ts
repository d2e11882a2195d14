import { newMovement, type MovementState } from '../../domain/transit/movement';
import {
  applyPresentation,
  applyPresentationLapsed,
  prelodged,
  presentationRefusal,
} from '../../domain/transit/presentation';
import type { TransitState } from '../../domain/transit/rules';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { example } from '../support/examples';

const AT = '2026-12-02T10:00:00.000Z';

function movement(state: TransitState, additionalType = 'D'): MovementState {
  const s = newMovement(
    {
      mrn: '26CN00000000000018',
      declaration: TransitDeclarationSchema.parse({ ...example('transit.json'), additionalType }),
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

describe('IE170 presentation of a pre-lodged declaration: refusal and apply', () => {
  test('pre-lodged are D and E (E: by an authorised consignor)', () => {
    expect(['A', 'B', 'D', 'E'].map((t) => prelodged(movement('LODGED', t).declaration))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  test('refused for a declaration that is not pre-lodged, out of its waiting state, or at another office', () => {
    expect(presentationRefusal(movement('ACCEPTED', 'A'), { by: 'cs', office: 'CNURU001' })).toBe(
      'presentation refused: only a pre-lodged declaration (additional type D or E) is presented; this one is A',
    );
    expect(presentationRefusal(movement('INVALIDATED'), { by: 'cs', office: 'CNURU001' })).toBe(
      'presentation refused: the declaration is not waiting for its goods (the movement is INVALIDATED)',
    );
    expect(presentationRefusal(movement('AWAITING_PRESENTATION'), { by: 'cs', office: 'KGBIS001' })).toBe(
      'presentation refused: KGBIS001 is not the office of departure (CNURU001)',
    );
    expect(
      presentationRefusal(movement('AWAITING_PRESENTATION'), { by: 'cs', office: 'CNURU001' }),
    ).toBeUndefined();
  });

  test('apply: presented where and by whom, then ACCEPTED (the MRN allocated); a second one is refused', () => {
    const s = movement('AWAITING_PRESENTATION');
    s.view.pending = { action: 'present the goods at the office of departure', by: 'holder' };
    const entries = applyPresentation(s, { by: 'cs', office: 'CNURU001', location: 'terminal 3' }, AT);
    expect(entries).toEqual([
      { type: 'presented', actor: 'cs', reason: 'IE170 goods presented at CNURU001 (terminal 3)' },
      { type: 'state', state: 'ACCEPTED', actor: 'system', reason: 'IE028 MRN 26CN00000000000018 allocated' },
    ]);
    expect(s.view.presentation).toEqual({ at: AT, by: 'cs', office: 'CNURU001', location: 'terminal 3' });
    expect(s.view.pending).toBeUndefined();
    expect(presentationRefusal(s, { by: 'cs', office: 'CNURU001' })).toBe(
      `presentation refused: the goods were already presented at ${AT}`,
    );
  });

  test('lapsed: invalidated by the office (system), with the reason', () => {
    const s = movement('AWAITING_PRESENTATION');
    expect(applyPresentationLapsed(s, AT)).toEqual([
      {
        type: 'state',
        state: 'INVALIDATED',
        actor: 'system',
        reason: 'goods not presented within 30 days of the pre-lodged declaration',
      },
    ]);
    expect(s.view.invalidation).toEqual({
      requestedAt: AT,
      by: 'system',
      justification: 'goods not presented within 30 days of the pre-lodged declaration',
    });
  });
});
