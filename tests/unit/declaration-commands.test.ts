import { ControlDecisionSchema, PaymentSchema } from '../../domain/schemas/declaration-commands';
import { mergeChanges } from '../../domain/declaration/amendment';
import {
  amendmentRefusal,
  controlResultRefusal,
  invalidationRefusal,
  presentationRefusal,
  queryAnswerRefusal,
  rerouteRefusal,
} from '../../domain/declaration/refusals';
import { example } from '../support/examples';
import { aCase } from './support/declaration-case';

const control = {
  office: 'KZALA001',
  officerId: 'officer-7',
  controlType: 'DOCUMENTARY',
  outcome: 'CONFORM',
  completedAt: '2026-11-27T12:00:00Z',
};
describe('control result payload (parsed once, at the API)', () => {
  test('names an unknown outcome and a non-conform result without findings', () => {
    const bad = ControlDecisionSchema.safeParse({ ...control, outcome: 'MAYBE' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toContain('outcome');
    const noFindings = ControlDecisionSchema.safeParse({ ...control, outcome: 'NON_CONFORM', findings: [] });
    expect(noFindings.error!.issues[0].message).toMatch(/needs at least one finding/);
  });

  test('hands on the canonical value: findings and refuseRelease defaulted', () => {
    expect(ControlDecisionSchema.parse(control)).toMatchObject({ findings: [], refuseRelease: false });
  });

  test('a payment needs amount and currency, a guarantee its GRN and access code', () => {
    expect(PaymentSchema.safeParse({ method: 'PAYMENT', reference: 'P-1', actor: 'a' }).success).toBe(false);
    expect(
      PaymentSchema.safeParse({ method: 'GUARANTEE', reference: 'P-1', actor: 'a', grn: 'G' }).success,
    ).toBe(false);
  });
});

describe('declaration refusals (the update validators)', () => {
  test('refuses a control result when none is pending, a second one, and one from another office', () => {
    expect(controlResultRefusal(aCase({}, { state: 'AWAITING_PAYMENT' }), control as never)).toMatch(
      /no control is pending/,
    );
    expect(controlResultRefusal(aCase({ control: control as never }), control as never)).toMatch(
      /already recorded/,
    );
    expect(controlResultRefusal(aCase(), { ...control, office: 'KGBIS001' } as never)).toMatch(
      /office KGBIS001 does not handle/,
    );
    expect(controlResultRefusal(aCase(), control as never)).toBeUndefined();
  });

  test('lowering a channel takes a supervisor; raising it an officer may', () => {
    const r = { channel: 'GREEN', reason: 'ok', office: 'KZALA001', actor: 'o', role: 'officer' } as const;
    expect(rerouteRefusal(aCase(), r)).toMatch(/takes a supervisor/);
    expect(rerouteRefusal(aCase(), { ...r, role: 'supervisor' })).toBeUndefined();
    expect(rerouteRefusal(aCase(), { ...r, channel: 'RED' })).toBeUndefined();
    expect(rerouteRefusal(aCase({}, { state: 'RISK_ASSESSED' }), { ...r, channel: 'RED' })).toMatch(
      /no stand-by window open/,
    );
  });

  test('refuses an amendment once final, an empty one, and one validated against an older version', () => {
    const a = { amendment: { reason: 'x', changes: { incoterm: 'CIF' } }, actor: 'cs' } as never;
    expect(amendmentRefusal(aCase({}, { state: 'RELEASED' }), a)).toMatch(/cannot be amended once RELEASED/);
    expect(amendmentRefusal(aCase(), { amendment: { reason: 'x', changes: {} }, actor: 'cs' })).toMatch(
      /at least one field/,
    );
    expect(amendmentRefusal(aCase({}, { amendments: 2 }), { ...(a as object), basedOn: 1 } as never)).toMatch(
      /amended in the meantime/,
    );
    expect(amendmentRefusal(aCase(), a)).toBeUndefined();
  });

  test('the declarant invalidates before release, customs only after', () => {
    expect(
      invalidationRefusal(aCase({}, { state: 'RELEASED' }), { by: 'declarant', actor: 'cs', reason: 'x' }),
    ).toMatch(/only customs/);
    expect(invalidationRefusal(aCase(), { by: 'customs', actor: 'o', reason: 'x' })).toMatch(
      /only after release/,
    );
    expect(
      invalidationRefusal(aCase({}, { state: 'RELEASED' }), { by: 'customs', actor: 'o', reason: 'x' }),
    ).toBeUndefined();
  });

  test('presentation and query answers only when awaited', () => {
    expect(presentationRefusal(aCase(), { office: 'KZALA001', actor: 'o' })).toMatch(
      /no presentation is awaited/,
    );
    expect(
      presentationRefusal(aCase({ presented: false }, { state: 'AWAITING_PRESENTATION' }), {
        office: 'KZALA001',
        actor: 'o',
      }),
    ).toBeUndefined();
    expect(queryAnswerRefusal(aCase({}, { state: 'QUERIED' }), { answer: 'a', actor: 'cs' })).toBeUndefined();
    expect(
      queryAnswerRefusal(aCase({ answer: { answer: 'a', actor: 'cs' } }, { state: 'QUERIED' }), {
        answer: 'a',
        actor: 'cs',
      }),
    ).toMatch(/no query is open/);
  });
});

test('an amendment replaces whole sections and leaves the rest as it was', () => {
  const decl = example('declaration-import.json') as never as Parameters<typeof mergeChanges>[0];
  const merged = mergeChanges(decl, { incoterm: 'CIF', transport: undefined });
  expect(merged.incoterm).toBe('CIF');
  expect(merged.transport).toEqual(decl.transport);
  expect(merged.items).toBe(decl.items);
});
