import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  appealAudit,
  auditView,
  chargeAuditGuarantee,
  decideAuditAppeal,
  issueAuditDraft,
  issueAuditFinal,
  recordAuditFindings,
  recordAuditVisit,
  requestAuditDocuments,
  supervise,
} from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  auditInput,
  completed,
  DAY,
  HOUR,
  inState,
  message,
  MRN,
  rejection,
  send,
  startAudit,
  typesOf,
  until,
  withAuditWorker,
} from './audit-harness';
import { freshGrn, guaranteeRegistration, startGuarantee } from './transit-helpers';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const supervisor = { actor: 'supervisor-1', role: 'supervisor' };

describe('post-entry audit: silence, no findings, field visits, supervisors, appeals and guarantees', () => {
  test('silence past the deadline marks the audit stuck and escalates it; the auditor finds NO_DOCUMENTS; after the appeal window the debt is charged to the guarantee', async () => {
    await withAuditWorker(env, async ({ taskQueue, outbox }) => {
      const input = auditInput();
      const a = await startAudit(env, taskQueue, input);
      await inState(a, 'NOTICE_SENT');
      await send(a, requestAuditDocuments, { documents: ['sales contract'], actor: 'auditor-1' });
      const noDocuments = { mrn: MRN, itemSeq: 1, violation: 'NO_DOCUMENTS' };
      expect(
        await rejection(a, recordAuditFindings, { findings: [noDocuments], actor: 'auditor-1' }),
      ).toMatch(/findings are recorded during the review/);

      await env.sleep(31 * DAY);
      let v = await until(a, (x) => !!x.documentRequests[0].overdueAt);
      expect(v).toMatchObject({ state: 'AWAITING_DOCUMENTS', stuck: true, escalations: 1 });
      expect(await message(outbox, 'case-escalated')).toMatchObject({
        destination: `supervisor:${input.office}`,
      });

      await send(a, recordAuditFindings, { findings: [noDocuments], actor: 'auditor-1' });
      v = await until(a, (x) => !!x.assessment);
      expect(v).toMatchObject({ state: 'UNDER_REVIEW', stuck: false });
      expect(v.assessment).toMatchObject({ due: '50000.00', penaltyTotal: '50000.00' });
      expect(v.assessment!.difference.total).toBe('0.00');

      await send(a, issueAuditDraft, { actor: 'auditor-1' });
      await env.sleep(31 * DAY);
      await until(a, (x) => !!x.draft?.commentsClosedAt);
      await send(a, issueAuditFinal, { actor: 'auditor-1' });
      await env.sleep(61 * DAY);
      v = await inState(a, 'AWAITING_PAYMENT');
      expect(typesOf(v)).toContain('appeal-window-closed');
      expect(await rejection(a, appealAudit, { actor: input.owner, grounds: 'too late' })).toMatch(
        /within its window/,
      );

      const grn = freshGrn();
      const g = await startGuarantee(
        env,
        taskQueue,
        guaranteeRegistration(grn, { currency: 'KZT', referenceAmount: '1000000.00' }),
      );
      const charge = { grn, accessCode: '0000', actor: 'auditor-1', reason: 'unpaid' };
      await send(a, chargeAuditGuarantee, charge);
      v = await until(a, (x) => !!x.payment?.guaranteeRefusal);
      expect(v.payment!.guaranteeRefusal).toMatch(/wrong access code/);
      expect(JSON.stringify(v)).not.toContain('"accessCode"');

      await send(a, chargeAuditGuarantee, { ...charge, accessCode: '7391' });
      v = await completed(a);
      expect(v).toMatchObject({ state: 'CLOSED', outcome: 'CHARGED_TO_GUARANTEE' });
      expect(v.payment).toMatchObject({ due: '50000.00', paid: '50000.00' });
      // The guarantee outlives this test's worker: its timers must not hold the next test's time.
      await g.terminate('test over');
    });
  });

  test('a desk review without findings closes at the draft: no comments period, nothing due', async () => {
    await withAuditWorker(env, async ({ taskQueue, outbox }) => {
      const a = await startAudit(env, taskQueue, auditInput({ kind: 'DESK_REVIEW', source: 'SAMPLE' }));
      await inState(a, 'UNDER_REVIEW');
      await send(a, recordAuditFindings, { findings: [], actor: 'auditor-1' });
      await send(a, issueAuditDraft, { actor: 'auditor-1', summary: 'declared values match the records' });
      const v = await a.result();
      expect(v).toMatchObject({ state: 'CLOSED', outcome: 'NO_FINDINGS' });
      expect(typesOf(v)).toEqual(['OPENED', 'UNDER_REVIEW', 'findings', 'CLOSED']);
      expect(outbox.map((m) => m.type)).toEqual(['audit-notice', 'audit-closed']);
    });
  });

  test('a field audit: the visit date starts the review; a supervisor reassigns, extends and escalates; the SLA marks it stuck; an upheld appeal closes it with nothing due', async () => {
    await withAuditWorker(env, async ({ taskQueue, outbox }) => {
      const input = auditInput({ kind: 'FIELD_AUDIT', source: 'BLUE', requestedBy: 'system' });
      const a = await startAudit(env, taskQueue, input);
      await inState(a, 'NOTICE_SENT');
      expect(await rejection(a, supervise, { ...supervisor, signal: 'release', reason: 'why not' })).toMatch(
        /release does not apply to a post-entry audit/,
      );
      const visitAt = new Date((await a.query(auditView)).timeline[0].at).getTime() + 10 * DAY;
      await send(a, recordAuditVisit, { at: new Date(visitAt).toISOString(), actor: 'auditor-1' });
      await send(a, supervise, {
        ...supervisor,
        signal: 'extend-deadline',
        reason: 'trader asked',
        extendByMs: 2 * DAY,
      });
      let v = await send(a, supervise, {
        ...supervisor,
        signal: 'reassign',
        reason: 'leave',
        assignee: 'auditor-2',
      });
      expect(v).toMatchObject({ auditor: 'auditor-2', assignedTo: 'auditor-2', state: 'VISIT_SCHEDULED' });
      expect(v.visit!.at).toBe(new Date(visitAt + 2 * DAY).toISOString());

      await env.sleep(11 * DAY);
      expect((await a.query(auditView)).state).toBe('VISIT_SCHEDULED');
      await env.sleep(1 * DAY + HOUR);
      await inState(a, 'UNDER_REVIEW');
      await env.sleep(21 * DAY); // the review's SLA (20 days) passes
      expect(await until(a, (x) => x.stuck)).toMatchObject({
        state: 'UNDER_REVIEW',
        stuckSince: expect.any(String),
      });
      expect((await message(outbox, 'case-stuck')).destination).toBe(`supervisor:${input.office}`);
      v = await send(a, supervise, { ...supervisor, signal: 'escalate', reason: 'review overdue' });
      expect(v.escalations).toBe(1);

      await send(a, recordAuditFindings, {
        findings: [{ mrn: MRN, itemSeq: 2, violation: 'MISCLASSIFICATION', hsCode: '8504409000' }],
        actor: 'auditor-2',
      });
      await until(a, (x) => !!x.assessment);
      await send(a, issueAuditDraft, { actor: 'auditor-2' });
      await env.sleep(31 * DAY);
      await until(a, (x) => !!x.draft?.commentsClosedAt);
      await send(a, issueAuditFinal, { actor: 'auditor-2' });
      await send(a, appealAudit, { actor: input.owner, grounds: 'heading 8504.40.30 is right' });
      expect(
        await rejection(a, decideAuditAppeal, {
          decision: 'UPHELD',
          actor: 'supervisor-1',
          reason: 'x',
          findings: [],
        }),
      ).toMatch(/carries no findings/);
      await send(a, decideAuditAppeal, {
        decision: 'UPHELD',
        actor: 'supervisor-1',
        reason: 'the heading is right',
      });
      v = await a.result();
      expect(v).toMatchObject({ state: 'CLOSED', outcome: 'APPEAL_UPHELD' });
      expect(v.payment!.due).toBe('0.00');
      expect((await message(outbox, 'audit-appeal-decided')).payload).toMatchObject({
        decision: 'UPHELD',
      });
    });
  });
});
