import type { AuditInput } from '../../contracts';
import {
  answerDocumentsRefusal,
  appealDecisionRefusal,
  appealRefusal,
  applyAnswerDocuments,
  applyAppeal,
  applyDeadline,
  applyDeadlineExtension,
  applyExtension,
  applyFindings,
  applyOpening,
  applyPayment,
  applyRecomputation,
  applyRecomputationFailure,
  applyRecordVisit,
  applyRequestDocuments,
  applySlaBreach,
  commentRefusal,
  draftRefusal,
  extendDeadlineRefusal,
  extensionRefusal,
  findingsRefusal,
  newAuditCase,
  paymentRefusal,
  recordVisitRefusal,
  type AuditCase,
} from '../../domain/audit';
import { AUDIT_SETTINGS, auditInput, DAY, MRN } from '../workflows/audit-harness';

const T0 = '2026-12-02T09:00:00.000Z';
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
const opened = (overrides: Partial<AuditInput> = {}): AuditCase =>
  applyOpening(newAuditCase(auditInput(overrides), 'audit/A-1'), T0);
const types = (c: AuditCase) => c.view.timeline.map((e) => (e.type === 'state' ? e.state : e.type));
const supervisor = { signal: 'extend-deadline' as const, role: 'supervisor', actor: 'sup', reason: 'asked' };

describe('post-entry audit commands: a pure refusal and a pure apply each', () => {
  test('opening sends the notice to the owner and waits for the step of its kind', () => {
    const c = opened();
    expect(types(c)).toEqual(['OPENED', 'NOTICE_SENT']);
    expect(c.outbox).toEqual([
      expect.objectContaining({ type: 'audit-notice', destination: 'clearance-system:cs-silk-road' }),
    ]);
    expect(c.view.pending).toMatchObject({ action: 'request documents', by: 'auditor' });
    expect(types(opened({ kind: 'DESK_REVIEW' }))).toEqual(['OPENED', 'UNDER_REVIEW']);
  });

  test('a document request: deadline, reminder, one extension that re-arms the reminder, then silence escalates', () => {
    const before = opened();
    const c = applyRequestDocuments(before, { documents: ['contract'], actor: 'aud' }, T0);
    expect(before.view.state).toBe('NOTICE_SENT'); // the case given is left untouched
    expect(c.view.documentRequests[0].deadline).toBe(at(30));
    expect(c.waiting.deadlineAt).toBe(Date.parse(at(23))); // the reminder, 7 days before
    const reminded = applyDeadline(c, at(23));
    expect(reminded.outbox.map((m) => m.type)).toContain('audit-documents-reminder');
    expect(reminded.waiting.deadlineAt).toBe(Date.parse(at(30)));

    expect(extensionRefusal(reminded, { actor: 'cs', reason: 'x' })).toBeUndefined();
    const extended = applyExtension(reminded, { actor: 'cs', reason: 'x' }, at(24));
    expect(extended.view.documentRequests[0]).toMatchObject({
      deadline: at(44),
      extension: { previous: at(30) },
    });
    expect(extended.view.documentRequests[0].remindedAt).toBeUndefined();
    expect(extended.rescheduled).toBe(true);
    expect(extensionRefusal(extended, { actor: 'cs', reason: 'again' })).toMatch(/already extended once/);

    const overdue = applyDeadline(applyDeadline(extended, at(37)), at(44));
    expect(overdue.view).toMatchObject({ stuck: true, escalations: 1, state: 'AWAITING_DOCUMENTS' });
    expect(overdue.outbox.at(-1)).toMatchObject({
      type: 'case-escalated',
      destination: 'supervisor:KZALA001',
    });
    expect(extensionRefusal(overdue, { actor: 'cs', reason: 'late' })).toMatch(/passed/);
  });

  test('NO_DOCUMENTS only after a missed deadline; findings on items that do not exist are refused', () => {
    const c = applyRequestDocuments(opened(), { documents: ['contract'], actor: 'aud' }, T0);
    const none = { findings: [{ mrn: MRN, itemSeq: 1, violation: 'NO_DOCUMENTS' as const }], actor: 'aud' };
    expect(findingsRefusal(c, none)).toMatch(/findings are recorded during the review/);
    const overdue = applyDeadline(applyDeadline(c, at(23)), at(30));
    expect(findingsRefusal(overdue, none)).toBeUndefined();
    const recorded = applyFindings(overdue, none, at(31));
    expect(recorded.view).toMatchObject({ state: 'UNDER_REVIEW', stuck: false });
    expect(recorded.recompute).toEqual({ reason: 'findings', findings: none.findings });
    expect(findingsRefusal(recorded, none)).toMatch(/being recomputed/);
    expect(draftRefusal(recorded, { actor: 'aud' })).toMatch(/being recomputed/);

    const review = applyAnswerDocuments(
      c,
      { documents: [{ name: 'contract', reference: 'C1' }], actor: 'cs' },
      at(2),
    );
    expect(answerDocumentsRefusal(review, { documents: [], actor: 'cs' })).toMatch(
      /no document request is open/,
    );
    expect(
      findingsRefusal(review, { findings: [{ mrn: MRN, itemSeq: 9, violation: 'QUANTITY' }], actor: 'a' }),
    ).toBe(`declaration ${MRN} has no item 9`);
    expect(
      findingsRefusal(review, { findings: [{ mrn: 'X', itemSeq: 1, violation: 'QUANTITY' }], actor: 'a' }),
    ).toBe('declaration X is not under this audit');
    expect(findingsRefusal(review, none)).toMatch(/NO_DOCUMENTS needs a document request/);
  });

  test('a field visit belongs to a field audit, in the future; its date starts the review', () => {
    expect(recordVisitRefusal(opened(), { at: at(5), actor: 'a' }, T0)).toMatch(/belongs to a field audit/);
    const field = opened({ kind: 'FIELD_AUDIT' });
    expect(recordVisitRefusal(field, { at: at(-1), actor: 'a' }, T0)).toMatch(/has passed/);
    const scheduled = applyRecordVisit(field, { at: at(10), actor: 'a', place: 'Almaty warehouse' }, T0);
    expect(scheduled.waiting.deadlineAt).toBe(Date.parse(at(10)));
    const moved = applyDeadlineExtension(scheduled, { ...supervisor, extendByMs: 2 * DAY }, at(1));
    expect(moved.view.visit!.at).toBe(at(12));
    expect(applyDeadline(moved, at(12)).view.state).toBe('UNDER_REVIEW');
  });

  test('the SLA counts from a trader deadline; its first breach marks stuck, its second escalates, both tell the supervisor', () => {
    const c = applyRequestDocuments(opened(), { documents: ['contract'], actor: 'aud' }, T0);
    expect(c.waiting.nextBreach).toBe(Date.parse(at(30)) + AUDIT_SETTINGS.slaByStateMs!.AWAITING_DOCUMENTS!);
    const stuck = applySlaBreach(opened(), 1, at(21));
    expect(stuck.view).toMatchObject({ stuck: true, stuckSince: at(21) });
    const escalated = applySlaBreach(stuck, 2, at(41));
    expect(escalated.view.escalations).toBe(1);
    expect(escalated.outbox.map((m) => m.type)).toEqual(['audit-notice', 'case-stuck', 'case-escalated']);
    expect(extendDeadlineRefusal(newAuditCase(auditInput(), 'audit/x'))).toMatch(/no deadline is pending/);
  });

  test('comments, appeal and payment are refused out of their windows; a payment reference counts once', () => {
    const review = applyAnswerDocuments(
      applyRequestDocuments(opened(), { documents: ['c'], actor: 'aud' }, T0),
      { documents: [{ name: 'c', reference: 'C1' }], actor: 'cs' },
      at(1),
    );
    expect(commentRefusal(review, { actor: 'cs', comment: 'x' })).toMatch(/comments are taken/);
    expect(appealRefusal(review, { actor: 'cs', grounds: 'x' })).toMatch(/within its window/);
    expect(appealDecisionRefusal(review, { decision: 'DISMISSED', actor: 's', reason: 'x' })).toMatch(
      /no appeal waits/,
    );
    const pay = { reference: 'P1', amount: '10.00', currency: 'KZT', actor: 'treasury' };
    expect(paymentRefusal(review, pay)).toMatch(/no payment is due/);

    const owing: AuditCase = {
      ...review,
      view: {
        ...review.view,
        state: 'AWAITING_PAYMENT',
        payment: { due: '100.00', paid: '0', receipts: [] },
      },
    };
    expect(paymentRefusal(owing, { ...pay, currency: 'USD' })).toMatch(/in KZT, not USD/);
    expect(paymentRefusal(owing, { ...pay, amount: '100.01' })).toMatch(/exceeds the outstanding 100.00/);
    const once = applyPayment(owing, pay, at(2));
    expect(paymentRefusal(once, pay)).toBeUndefined();
    expect(applyPayment(once, pay, at(3))).toBe(once);
    expect(paymentRefusal(once, { ...pay, amount: '5.00' })).toMatch(/already received for 10.00/);
    const closed = applyPayment(once, { ...pay, reference: 'P2', amount: '90.00' }, at(3));
    expect(closed.view).toMatchObject({ state: 'CLOSED', outcome: 'PAID', payment: { paid: '100.00' } });

    const appealed = applyAppeal(
      { ...owing, view: { ...owing.view, state: 'FINAL_ASSESSED' } },
      { actor: 'cs', grounds: 'g' },
      at(4),
    );
    expect(appealed.view.state).toBe('APPEALED');
    expect(appealRefusal(appealed, { actor: 'cs', grounds: 'again' })).toMatch(/already appealed/);
    expect(appealDecisionRefusal(appealed, { decision: 'PARTLY_UPHELD', actor: 's', reason: 'x' })).toMatch(
      /carries the corrected findings/,
    );
  });
});

test('a recomputation that fails leaves the audit stuck with the reason; the next one clears it', () => {
  const review = opened({ kind: 'DESK_REVIEW' });
  const finding = { mrn: MRN, itemSeq: 1, violation: 'MISCLASSIFICATION' as const, hsCode: '0101999999' };
  const pending = applyFindings(review, { findings: [finding], actor: 'aud' }, at(1));
  const failed = applyRecomputationFailure(pending, 'no KZ tariff line for HS 0101999999', at(1));
  expect(failed.view).toMatchObject({ stuck: true, stuckSince: at(1) });
  expect(failed.recompute).toBeUndefined();
  expect(draftRefusal(failed, { actor: 'aud' })).toMatch(/could not be recomputed/);
  const again = applyFindings(
    failed,
    { findings: [{ ...finding, hsCode: '8504409000' }], actor: 'aud' },
    at(2),
  );
  const items = [
    {
      mrn: MRN,
      itemSeq: 1,
      customsValue: '1.00',
      hsCode: '8504409000',
      original: { duty: '0.00', excise: '0.00', vat: '0.00', total: '0.00' },
      corrected: { duty: '1.00', excise: '0.00', vat: '0.00', total: '1.00' },
      difference: { duty: '1.00', excise: '0.00', vat: '0.00', total: '1.00' },
      explanation: [],
    },
  ];
  const done = applyRecomputation(again, { currency: 'KZT', scale: 2, items }, at(2));
  expect(done.view.stuck).toBe(false);
  expect(done.view.stuckSince).toBeUndefined();
  expect(done.view.assessment?.difference.total).toBe('1.00');
  expect(draftRefusal(done, { actor: 'aud' })).toBeUndefined();
});
