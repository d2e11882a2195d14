import {
  applyAmendment,
  applyCancellation,
  applyControlResult,
  applyDeadlineExtension,
  applyEscalation,
  applyIntelligenceHit,
  applyInvalidation,
  applyPaymentReceived,
  applyPresentation,
  applyQueryAnswer,
  applyReassignment,
  applyReroute,
  applyRerouteRequest,
  applyRetry,
  applyStepFailure,
  applySupervisorRelease,
  extendDeadlineRefusal,
  invalidationEnd,
  isClosing,
  retryRefusal,
  supervisorReleaseRefusal,
} from '../../domain/declaration';
import type { SupervisorAction } from '../../contracts/supervision';
import { AT, aCase, frozen } from './support/declaration-case';

const sup = (over: Partial<SupervisorAction> = {}): SupervisorAction => ({
  signal: 'escalate',
  reason: 'short-staffed',
  actor: 'sup-1',
  role: 'supervisor',
  ...over,
});
const control = {
  office: 'KZALA001',
  officerId: 'officer-7',
  controlType: 'DOCUMENTARY' as const,
  outcome: 'CONFORM' as const,
  findings: [],
  completedAt: AT,
  refuseRelease: false,
};
const last = (c: { view: { timeline: { type: string; reason?: string }[] } }) => c.view.timeline.at(-1)!;

describe('declaration commands: apply returns the next case and leaves the given one as it was', () => {
  test('a control result is kept for the process and lands in the timeline', () => {
    const before = frozen(aCase());
    const next = applyControlResult(before, control, AT);
    expect(next.control).toBe(control);
    expect(last(next)).toMatchObject({
      type: 'control-result',
      reason: 'DOCUMENTARY control: CONFORM',
      seq: 1,
      at: AT,
    });
    expect(before.control).toBeUndefined();
  });

  test('a re-routing request waits for the process; the re-routing then changes channel and reasons', () => {
    const r = {
      channel: 'RED' as const,
      reason: 'tip-off',
      office: 'KZALA001',
      actor: 'o-3',
      role: 'officer' as const,
    };
    const requested = applyRerouteRequest(frozen(aCase()), r, AT);
    expect(requested.pendingReroute).toBe(r);
    expect(requested.view.channel).toBe('YELLOW');
    const routed = applyReroute(frozen(requested), AT);
    expect(routed.pendingReroute).toBeUndefined();
    expect(routed.view.channel).toBe('RED');
    expect(routed.view.channelReasons.at(-1)).toBe('re-routed YELLOW -> RED by officer o-3: tip-off');
    expect(last(routed)).toMatchObject({
      type: 'rerouted',
      data: { from: 'YELLOW', to: 'RED', role: 'officer' },
    });
  });

  test('goods presented end the wait for presentation', () => {
    const next = applyPresentation(
      frozen(aCase({ presented: false })),
      { office: 'KZALA001', actor: 'o' },
      AT,
    );
    expect(next.presented).toBe(true);
    expect(last(next).reason).toBe('goods presented at KZALA001');
  });

  test('an amendment replaces sections, counts, and sends the case through risk again', () => {
    const before = frozen(aCase({ needRisk: false }));
    const next = applyAmendment(
      before,
      { amendment: { reason: 'seller', changes: { incoterm: 'CIF' } }, actor: 'cs' },
      AT,
    );
    expect(next).toMatchObject({
      needRisk: true,
      restart: 'amendment',
      view: { amendments: 1, declaration: { incoterm: 'CIF' } },
    });
    expect(before.view.declaration.incoterm).not.toBe('CIF');
  });

  test('an invalidation request closes the case to further commands', () => {
    const next = applyInvalidation(
      frozen(aCase()),
      { by: 'declarant', actor: 'cs', reason: 'duplicate' },
      AT,
    );
    expect(isClosing(next)).toBe(true);
    expect(invalidationEnd(next)).toEqual({
      state: 'INVALIDATED',
      actor: 'cs',
      reason: "invalidated at the declarant's request: duplicate",
    });
  });

  test('a query answer is kept on the open query', () => {
    const before = frozen(aCase({}, { state: 'QUERIED', query: { question: 'origin?', askedAt: AT } }));
    const next = applyQueryAnswer(before, { answer: 'certificate attached', actor: 'cs' }, AT);
    expect(next.view.query).toEqual({
      question: 'origin?',
      askedAt: AT,
      answer: 'certificate attached',
      answeredAt: AT,
    });
    expect(next.answer).toBeDefined();
  });

  test('a payment signal is recorded for the process to apply', () => {
    const p = {
      method: 'PAYMENT' as const,
      reference: 'P-1',
      amount: '10.00',
      currency: 'USD',
      actor: 'bank',
    };
    const next = applyPaymentReceived(frozen(aCase()), p, AT);
    expect(next.payments).toEqual([p]);
    expect(last(next).reason).toBe('10.00 USD (P-1)');
  });
});

describe('intelligence hits', () => {
  const hit = { alertId: 'AL-1', reason: 'known smuggler', severity: 'HIGH' as const, source: 'intel' };

  test('before release a hit forces RED and restarts the pass', () => {
    const next = applyIntelligenceHit(
      frozen(aCase({}, { state: 'AWAITING_PAYMENT', channel: 'GREEN' })),
      hit,
      AT,
    );
    expect(next).toMatchObject({
      forcedRed: 'intelligence hit AL-1: known smuggler',
      restart: 'intelligence',
    });
  });

  test('a physical examination already pending covers it: no restart', () => {
    const next = applyIntelligenceHit(frozen(aCase({}, { channel: 'RED' })), hit, AT);
    expect(next.forcedRed).toBeDefined();
    expect(next.restart).toBeUndefined();
  });

  test('after release it is kept for the post-entry audit', () => {
    const next = applyIntelligenceHit(frozen(aCase({}, { state: 'RELEASED' })), hit, AT);
    expect(next.afterRelease).toEqual([hit]);
    expect(next.view).toMatchObject({
      auditRequested: true,
      intelligenceHits: [{ alertId: 'AL-1', afterRelease: true }],
    });
    expect(next.forcedRed).toBeUndefined();
  });

  test('on a case closed otherwise it is only recorded', () => {
    const next = applyIntelligenceHit(frozen(aCase({}, { state: 'NOT_RELEASED' })), hit, AT);
    expect(next.forcedRed).toBeUndefined();
    expect(last(next).reason).toBe('known smuggler (case already NOT_RELEASED)');
  });
});

describe('supervisor actions', () => {
  test('release from control applies only to a pending control, and ends it as conform', () => {
    expect(supervisorReleaseRefusal(aCase({}, { state: 'AWAITING_PAYMENT' }))).toMatch(
      /duties must still be paid/,
    );
    expect(supervisorReleaseRefusal(aCase({ control }))).toBeDefined();
    const next = applySupervisorRelease(frozen(aCase()), sup({ signal: 'release', reason: 'team gone' }), AT);
    expect(next.control).toMatchObject({
      outcome: 'CONFORM',
      officerId: 'sup-1',
      remarks: 'released from control by supervisor: team gone',
    });
    expect(supervisorReleaseRefusal(next)).toBeDefined();
  });

  test('escalation counts; reassignment names the assignee', () => {
    expect(applyEscalation(frozen(aCase()), sup(), AT).view.escalations).toBe(1);
    expect(
      applyReassignment(frozen(aCase()), sup({ signal: 'reassign', assignee: 'KZALA002' }), AT).view
        .assignedTo,
    ).toBe('KZALA002');
  });

  test('a deadline extension moves the business deadline (else the SLA clock) and restarts the wait', () => {
    const waiting = { state: 'QUERIED', sla: 10, nextBreach: 1_000, breaches: 0, deadlineAt: 5_000 };
    const pending = { action: 'answer', by: 'declarant' };
    expect(
      extendDeadlineRefusal(
        aCase({ waiting: { ...waiting, state: 'LODGED' } }, { state: 'QUERIED', pending }),
      ),
    ).toMatch(/no deadline is pending/);
    const c = frozen(aCase({ waiting }, { state: 'QUERIED', pending }));
    expect(extendDeadlineRefusal(c)).toBeUndefined();
    const next = applyDeadlineExtension(c, sup({ signal: 'extend-deadline', extendByMs: 1_000 }), AT);
    expect(next).toMatchObject({ rescheduled: true, waiting: { deadlineAt: 6_000, nextBreach: 1_000 } });
    expect(next.view.pending!.deadline).toBe(new Date(6_000).toISOString());
    const noDeadline = frozen(
      aCase({ waiting: { ...waiting, deadlineAt: undefined } }, { state: 'QUERIED', pending }),
    );
    expect(applyDeadlineExtension(noDeadline, sup({ extendByMs: 1_000 }), AT).waiting.nextBreach).toBe(2_000);
  });

  test('a cancellation rides the invalidation path and ends CANCELLED', () => {
    const next = applyCancellation(frozen(aCase()), sup({ signal: 'cancel', reason: 'fraud' }), AT);
    expect(next.invalidation).toMatchObject({ by: 'customs' });
    expect(invalidationEnd(next)).toEqual({
      state: 'CANCELLED',
      actor: 'sup-1',
      reason: 'cancelled by supervisor: fraud',
    });
  });

  test('a step that failed for good marks the case stuck with the reason; only then does retry apply, and it clears the mark', () => {
    const ok = frozen(aCase({}, { state: 'AWAITING_PAYMENT' }));
    expect(retryRefusal(ok)).toMatch(/retry applies to a case stuck on a failed step/);
    const failed = { step: 'read-model write', reason: 'SQLSTATE 22021', dataError: true };
    const stuck = frozen(applyStepFailure(ok, failed, AT));
    expect(stuck.view).toMatchObject({ stuck: true, stuckSince: AT });
    expect(last(stuck)).toMatchObject({
      type: 'step-failed',
      reason: 'read-model write failed: SQLSTATE 22021',
    });
    expect(retryRefusal(stuck)).toBeUndefined();
    const retried = applyRetry(stuck, sup({ signal: 'retry', reason: 'constraint fixed' }), AT);
    expect(retried.failedStep).toBeUndefined();
    expect(retried.view.stuck).toBe(false);
    expect(last(retried)).toMatchObject({ type: 'retry', actor: 'sup-1', reason: 'constraint fixed' });
    expect(retryRefusal(retried)).toBeDefined();
  });
});
