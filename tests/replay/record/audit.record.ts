import {
  answerAuditDocuments,
  appealAudit,
  askAuditExtension,
  commentAuditDraft,
  decideAuditAppeal,
  issueAuditDraft,
  issueAuditFinal,
  payAudit,
  recordAuditFindings,
  requestAuditDocuments,
} from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  auditInput,
  completed,
  DAY,
  inState,
  MRN,
  send,
  startAudit,
  until,
  withAuditWorker,
} from '../../workflows/audit-harness';
import { save } from './save';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

async function inAuditEnv(fn: (env: TestWorkflowEnvironment, taskQueue: string) => Promise<void>) {
  const env = await createTimeSkippingEnv();
  try {
    await withAuditWorker(env, ({ taskQueue }) => fn(env, taskQueue));
  } finally {
    await env.teardown();
  }
}

test('audit: documents reminded and extended, findings, draft and comment, final, appeal partly upheld, paid: closed', async () => {
  await inAuditEnv(async (env, taskQueue) => {
    const input = auditInput();
    const a = await startAudit(env, taskQueue, input);
    await inState(a, 'NOTICE_SENT');
    await send(a, requestAuditDocuments, { documents: ['sales contract'], actor: 'auditor-1' });
    await env.sleep(24 * DAY);
    await until(a, (v) => !!v.documentRequests[0].remindedAt);
    await send(a, askAuditExtension, { actor: input.owner, reason: 'statements take two weeks' });
    await send(a, answerAuditDocuments, {
      documents: [{ name: 'sales contract', reference: 'SC-1' }],
      actor: input.owner,
    });
    const finding = { mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '15000000.00' };
    await send(a, recordAuditFindings, { findings: [finding], actor: 'auditor-1' });
    await until(a, (v) => !!v.assessment);
    await send(a, issueAuditDraft, { actor: 'auditor-1' });
    await send(a, commentAuditDraft, { actor: input.owner, comment: 'volume discount' });
    await env.sleep(31 * DAY);
    await until(a, (v) => !!v.draft?.commentsClosedAt);
    await send(a, issueAuditFinal, { actor: 'auditor-1' });
    await send(a, appealAudit, { actor: input.owner, grounds: 'the discount is documented' });
    await send(a, decideAuditAppeal, {
      decision: 'PARTLY_UPHELD',
      actor: 'supervisor-1',
      reason: 'part of the discount is documented',
      findings: [{ ...finding, customsValue: '13000000.00' }],
    });
    const due = (await inState(a, 'AWAITING_PAYMENT')).payment!.due;
    await send(a, payAudit, { reference: 'PAY-AUD-1', amount: due, currency: 'KZT', actor: 'treasury' });
    expect(await completed(a)).toMatchObject({ state: 'CLOSED', outcome: 'PAID' });
    await save(env, 'audit-appeal-partly-upheld-paid', a);
  });
});

test('audit: a desk review closed for no findings', async () => {
  await inAuditEnv(async (env, taskQueue) => {
    const a = await startAudit(env, taskQueue, auditInput({ kind: 'DESK_REVIEW', source: 'SAMPLE' }));
    await inState(a, 'UNDER_REVIEW');
    await send(a, recordAuditFindings, { findings: [], actor: 'auditor-1' });
    await send(a, issueAuditDraft, { actor: 'auditor-1' });
    expect(await completed(a)).toMatchObject({ state: 'CLOSED', outcome: 'NO_FINDINGS' });
    await save(env, 'audit-no-findings', a);
  });
});
