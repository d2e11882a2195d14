import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  answerAuditDocuments,
  appealAudit,
  askAuditExtension,
  auditView,
  commentAuditDraft,
  decideAuditAppeal,
  issueAuditDraft,
  issueAuditFinal,
  payAudit,
  recordAuditFindings,
  requestAuditDocuments,
} from '../../contracts';
import { dec } from '../../domain/money';
import { interestDays } from '../../domain/audit/assessment';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  auditInput,
  DAY,
  inState,
  message,
  messages,
  MRN,
  rejection,
  send,
  startAudit,
  typesOf,
  until,
  withAuditWorker,
} from './audit-harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const undervalued = { mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '15000000.00' };

describe('post-entry audit: months of deadlines on the time-skipping server', () => {
  test('notice, documents reminded and extended once, findings recomputed, draft and comments, final, appeal partly upheld, paid by reference once: closed', async () => {
    await withAuditWorker(env, async ({ taskQueue, outbox }) => {
      const input = auditInput();
      const a = await startAudit(env, taskQueue, input);
      await inState(a, 'NOTICE_SENT');
      const trader = `clearance-system:${input.owner}`;
      expect(await message(outbox, 'audit-notice')).toMatchObject({ destination: trader });

      let v = await send(a, requestAuditDocuments, {
        documents: ['sales contract', 'bank statements'],
        actor: 'auditor-1',
      });
      expect(v.state).toBe('AWAITING_DOCUMENTS');
      const firstDeadline = v.documentRequests[0].deadline;
      expect(v.pending).toMatchObject({ by: 'declarant', deadline: firstDeadline });

      await env.sleep(24 * DAY); // the reminder goes out 7 days before the 30-day deadline
      expect((await until(a, (x) => !!x.documentRequests[0].remindedAt)).stuck).toBe(false);
      expect(await messages(outbox, 'audit-documents-reminder', 1)).toHaveLength(1);

      v = await send(a, askAuditExtension, { actor: input.owner, reason: 'bank statements take two weeks' });
      expect(Date.parse(v.documentRequests[0].deadline) - Date.parse(firstDeadline)).toBe(14 * DAY);
      expect(await rejection(a, askAuditExtension, { actor: input.owner, reason: 'again' })).toMatch(
        /already extended once/,
      );

      await env.sleep(15 * DAY); // past the first deadline, not the extended one: reminded again, not overdue
      v = await until(a, (x) => !!x.documentRequests[0].remindedAt);
      expect(v.stuck).toBe(false);
      expect(await messages(outbox, 'audit-documents-reminder', 2)).toHaveLength(2);
      v = await send(a, answerAuditDocuments, {
        documents: [{ name: 'sales contract', reference: 'SC-2026-11' }],
        actor: input.owner,
      });
      expect(v.state).toBe('UNDER_REVIEW');

      expect(await rejection(a, issueAuditDraft, { actor: 'auditor-1' })).toMatch(/record the findings/);
      await send(a, recordAuditFindings, { findings: [undervalued], actor: 'auditor-1' });
      v = await until(a, (x) => !!x.assessment);
      const item = v.assessment!.items[0];
      expect(item.difference.total).toBe(
        dec(item.corrected.total).minus(dec(item.original.total)).toFixed(2),
      );
      expect(item.explanation.map((s) => s.rule)).toEqual(
        expect.arrayContaining(['tariff-line', 'vat', 'audit-difference']),
      );

      v = await send(a, issueAuditDraft, { actor: 'auditor-1' });
      expect(v.state).toBe('DRAFT_ISSUED');
      await send(a, commentAuditDraft, { actor: input.owner, comment: 'the price was a volume discount' });
      expect(await rejection(a, issueAuditFinal, { actor: 'auditor-1' })).toMatch(
        /comments period runs until/,
      );
      await env.sleep(31 * DAY);
      await until(a, (x) => !!x.draft?.commentsClosedAt);
      expect(await rejection(a, commentAuditDraft, { actor: input.owner, comment: 'late' })).toMatch(
        /comments are taken/,
      );

      v = await send(a, issueAuditFinal, { actor: 'auditor-1' });
      expect(v.state).toBe('FINAL_ASSESSED');
      const days = interestDays(input.declarations[0].releasedAt, v.final!.issuedAt);
      const difference = dec(v.assessment!.difference.total);
      const interest = difference.times('0.03').dividedBy(100).times(days).toDecimalPlaces(2);
      const penalty = difference.times('20').dividedBy(100).toDecimalPlaces(2);
      expect(v.assessment!.interest[0]).toMatchObject({ days, amount: interest.toFixed(2) });
      expect(v.final!.due).toBe(difference.plus(interest).plus(penalty).toFixed(2));
      expect((await message(outbox, 'audit-final-assessment')).payload).toMatchObject({
        due: v.final!.due,
      });

      await env.sleep(10 * DAY);
      v = await send(a, appealAudit, { actor: input.owner, grounds: 'the discount is documented' });
      expect(v.state).toBe('APPEALED');
      expect(
        await rejection(a, payAudit, {
          reference: 'P-0',
          amount: '1.00',
          currency: 'KZT',
          actor: 'treasury',
        }),
      ).toMatch(/no payment is due/);
      await env.sleep(70 * DAY); // past the appeal window: collection stays suspended
      expect((await a.query(auditView)).state).toBe('APPEALED');

      await send(a, decideAuditAppeal, {
        decision: 'PARTLY_UPHELD',
        actor: 'supervisor-1',
        reason: 'part of the discount is documented',
        findings: [{ ...undervalued, customsValue: '13000000.00' }],
      });
      v = await inState(a, 'AWAITING_PAYMENT');
      const lower = dec(v.payment!.due);
      expect(lower.lessThan(difference.plus(interest).plus(penalty))).toBe(true);
      // Interest still runs to the final assessment, not to the appeal's decision.
      expect(v.assessment!.interest[0].days).toBe(days);

      const half = lower.dividedBy(2).toDecimalPlaces(2);
      await send(a, payAudit, {
        reference: 'P-1',
        amount: half.toFixed(2),
        currency: 'KZT',
        actor: 'treasury',
      });
      v = await send(a, payAudit, {
        reference: 'P-1',
        amount: half.toFixed(2),
        currency: 'KZT',
        actor: 'treasury',
      });
      expect(v.payment!.paid).toBe(half.toFixed(2));
      await send(a, payAudit, {
        reference: 'P-2',
        amount: lower.minus(half).toFixed(2),
        currency: 'KZT',
        actor: 'treasury',
      });
      v = await a.result();
      expect(v).toMatchObject({ state: 'CLOSED', outcome: 'PAID' });
      expect(
        typesOf(v).filter((t) => !['comment', 'payment', 'recomputed', 'findings'].includes(t!)),
      ).toEqual([
        'OPENED',
        'NOTICE_SENT',
        'AWAITING_DOCUMENTS',
        'reminder',
        'deadline-extended',
        'reminder',
        'UNDER_REVIEW',
        'DRAFT_ISSUED',
        'comments-closed',
        'FINAL_ASSESSED',
        'APPEALED',
        'appeal-decided',
        'AWAITING_PAYMENT',
        'CLOSED',
      ]);
      expect((await message(outbox, 'audit-closed')).payload).toMatchObject({ outcome: 'PAID' });
    });
  });
});
