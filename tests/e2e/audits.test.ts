import { recordClosedAuditsOnce } from '../../activities/compliance/closed';
import { dec, fmt } from '../../domain/money';
import { clearance, officer, stack, treasury, useClearanceStack, viewWhen } from '../support/clearance';
import { auditWhen, declarationOf, freshTin, releasedDeclaration, useAuditConfig } from '../support/audits';
import { eventually } from '../support/temporal';

/**
 * Issue 14 over HTTP on the real stack: a released declaration audited, documents answered, a
 * finding raising the customs value recomputed by the duty engine, the final assessment paid by the
 * treasury, the audit closed; the trader's next declaration then carries the compliance hit for
 * customs and not in the trader's view. Another trader's clearance system never sees the audit.
 */
useAuditConfig();
useClearanceStack('e2e-audits');

const sum = (xs: string[]) => fmt(xs.reduce((a, x) => a.plus(dec(x)), dec('0')));

test('an audit from opening to payment feeds the risk of the trader next declaration', async () => {
  const auditor = stack.token({ role: 'auditor', countries: ['KZ'] });
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const otherTrader = stack.token({ role: 'clearance-system', sub: 'other-trader@test', countries: ['KZ'] });
  const tin = freshTin();
  const released = await releasedDeclaration(declarationOf(tin, 'aud'));
  const mrn: string = released.mrn;

  const request = { declarations: [mrn], kind: 'DOCUMENT_REQUEST', reason: 'valuation of laptops' };
  const opened = await stack.request('POST', '/v1/audits', { token: auditor, body: request });
  expect(opened.status).toBe(202);
  const id: string = opened.body.auditId;
  expect(opened.body).toMatchObject({ duplicate: false, links: { self: `/v1/audits/${id}` } });
  // The same request again (another auditor of the same administration): the same audit.
  const again = await stack.request('POST', '/v1/audits', { token: supervisor, body: request });
  expect(again.body).toMatchObject({ auditId: id, duplicate: true });

  await auditWhen(id, auditor, (v) => v.state === 'NOTICE_SENT');
  const asked = await stack.request('POST', `/v1/audits/${id}/document-requests`, {
    token: auditor,
    body: { documents: ['sales contract', 'bank statements'] },
  });
  expect(asked.status).toBe(200);
  expect(asked.body.state).toBe('AWAITING_DOCUMENTS');

  // Another trader's clearance system: no such audit, whatever it tries.
  expect((await stack.request('GET', `/v1/audits/${id}`, { token: otherTrader })).status).toBe(404);
  const foreign = await stack.request('POST', `/v1/audits/${id}/documents`, {
    token: otherTrader,
    body: { documents: [{ name: 'contract', reference: 'X-1' }] },
  });
  expect(foreign.status).toBe(404);

  const answered = await stack.request('POST', `/v1/audits/${id}/documents`, {
    token: clearance,
    body: { documents: [{ name: 'sales contract', reference: 'SC-2026-17' }] },
  });
  expect(answered.status).toBe(200);
  expect(answered.body.state).toBe('UNDER_REVIEW');
  // The trader's view says nothing of why it was selected.
  expect(answered.body.source).toBeUndefined();
  expect(answered.body.reason).toBeUndefined();
  expect(JSON.stringify(answered.body.timeline)).not.toContain('valuation of laptops');

  const original = released.duties.items.find((i: { seq: number }) => i.seq === 1);
  const raised = fmt(dec(original.customsValue).times('1.5'));
  const findings = await stack.request('POST', `/v1/audits/${id}/findings`, {
    token: auditor,
    body: { findings: [{ mrn, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: raised }] },
  });
  expect(findings.status).toBe(200);
  const reviewed = await auditWhen(id, auditor, (v) => !!v.assessment);
  const item = reviewed.assessment.items[0];
  expect(item).toMatchObject({ mrn, itemSeq: 1, customsValue: raised });
  // What was assessed at release, and the difference to the cent, item and total.
  expect(item.original.total).toBe(original.total);
  for (const k of ['duty', 'excise', 'vat', 'total'] as const)
    expect(item.difference[k]).toBe(fmt(dec(item.corrected[k]).minus(dec(item.original[k]))));
  expect(dec(item.difference.total).gt(0)).toBe(true);
  expect(reviewed.assessment.difference.total).toBe(item.difference.total);

  expect((await stack.request('POST', `/v1/audits/${id}/draft`, { token: auditor, body: {} })).status).toBe(
    200,
  );
  const comment = await stack.request('POST', `/v1/audits/${id}/comments`, {
    token: clearance,
    body: { comment: 'the price was agreed before the currency moved' },
  });
  expect(comment.status).toBe(200);
  await auditWhen(id, auditor, (v) => !!v.draft?.commentsClosedAt);
  const final = await stack.request('POST', `/v1/audits/${id}/final`, { token: auditor, body: {} });
  expect(final.status).toBe(200);
  const a = final.body.assessment;
  // Due: the recomputation's difference, with interest and penalties, to the cent.
  expect(final.body.final.due).toBe(sum([a.difference.total, a.interestTotal, a.penaltyTotal]));
  expect(a.interestTotal).toBe(sum(a.interest.map((l: { amount: string }) => l.amount)));

  const due = (await auditWhen(id, auditor, (v) => v.state === 'AWAITING_PAYMENT')).payment.due;
  const payment = { reference: `AUD-${id}`, amount: due, currency: a.currency };
  expect(
    (await stack.request('POST', `/v1/audits/${id}/payments`, { token: clearance, body: payment })).status,
  ).toBe(403);
  const paid = await stack.request('POST', `/v1/audits/${id}/payments`, { token: treasury, body: payment });
  expect(paid.status).toBe(202);
  expect(paid.body).toMatchObject({ accepted: true, duplicate: false });
  const repeat = await stack.request('POST', `/v1/audits/${id}/payments`, { token: treasury, body: payment });
  expect(repeat.body).toMatchObject({ accepted: true, duplicate: true });
  const closed = await auditWhen(id, clearance, (v) => v.state === 'CLOSED');
  expect(closed).toMatchObject({ outcome: 'PAID', payment: { due, paid: due } });

  // Listed for its trader, not for another one.
  const mine = await eventually(
    () => stack.request('GET', '/v1/audits?state=CLOSED', { token: clearance }),
    (r) => r.body.audits?.some((x: { auditId: string }) => x.auditId === id),
  );
  expect(mine.body.audits.find((x: { auditId: string }) => x.auditId === id)).toMatchObject({
    state: 'CLOSED',
    declarations: [mrn],
  });
  const theirs = await stack.request('GET', '/v1/audits', { token: otherTrader });
  expect(theirs.body.audits.map((x: { auditId: string }) => x.auditId)).not.toContain(id);

  // The worker's pass over closed audits writes the compliance record (activities/compliance).
  const outcome = await eventually(
    async () => {
      await recordClosedAuditsOnce(stack.pool);
      return (await stack.pool.query('SELECT * FROM audit_outcomes WHERE audit_id = $1', [`audit/${id}`]))
        .rows[0];
    },
    (row) => !!row,
  );
  expect(outcome).toMatchObject({ trader_tin: tin, source: 'REQUEST', adverse: true, findings: 1 });
  expect(outcome.additional_duty).toBe(a.difference.total);
  // Each rule that routed the audited declaration counts the audit, confirmed.
  const routed = (await stack.request('GET', `/v1/declarations/${mrn}`, { token: officer })).body.risk;
  expect(routed.hits.length).toBeGreaterThan(0);
  const profile = await stack.request('GET', `/v1/risk-profiles/${routed.profileId}`, { token: admin });
  for (const hit of routed.hits as { ruleId: string }[])
    expect(profile.body.statistics[hit.ruleId].audits.confirmed).toBeGreaterThanOrEqual(1);

  const next = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: declarationOf(tin, 'next'),
  });
  expect(next.status).toBe(202);
  const customs = await viewWhen(next.body.mrn, (v) => !!v.risk, officer);
  expect(customs.risk.hits.map((h: { ruleId: string }) => h.ruleId)).toContain('recent-adverse-audit');
  const traders = (await stack.request('GET', `/v1/declarations/${next.body.mrn}`, { token: clearance }))
    .body;
  expect(traders.risk).toBeUndefined();
  expect(JSON.stringify(traders)).not.toContain('recent-adverse-audit');

  // Listed among the cases, its history exported, counted in the statistics.
  const listed = await eventually(
    () => stack.request('GET', '/v1/cases?kind=audit', { token: supervisor }),
    (r) => r.status === 200 && r.body.cases.some((c: { caseId: string }) => c.caseId === `audit/${id}`),
  );
  expect(listed.body.cases.find((c: { caseId: string }) => c.caseId === `audit/${id}`)).toMatchObject({
    kind: 'audit',
    state: 'CLOSED',
  });
  const casePage = await stack.request('GET', `/v1/cases/audit/${id}`, { token: supervisor });
  expect(casePage.body).toMatchObject({ caseId: `audit/${id}`, state: 'CLOSED', outcome: 'PAID' });
  const history = await stack.request('GET', `/v1/cases/audit/${id}/history`, { token: admin });
  expect(history.status).toBe(200);
  expect(history.body.workflowType).toBe('auditWorkflow');
  const stats = await stack.request('GET', '/v1/statistics/audits', { token: auditor });
  expect(stats.status).toBe(200);
  expect(stats.body.closed).toBeGreaterThanOrEqual(1);
  expect(stats.body.hitRateBySource.REQUEST.adverse).toBeGreaterThanOrEqual(1);
  expect(stats.body.releaseToFinalAssessment.count).toBeGreaterThanOrEqual(1);
}, 180_000);
