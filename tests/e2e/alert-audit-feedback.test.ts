import { auditIdOf, dispatchAuditRequestsOnce, requestedAuditStarter } from '../../activities/selection';
import { loadAuditPolicy } from '../../activities/selection/policy';
import { dec, fmt } from '../../domain/money';
import { auditWhen, declarationOf, freshTin, releasedDeclaration, useAuditConfig } from '../support/audits';
import { clearance, stack, useClearanceStack } from '../support/clearance';
import { eventually } from '../support/temporal';

/**
 * A match found after release (docs/alerts.md, "Control results and feedback"): a KZ alert on the
 * vehicle of a released declaration asks for a post-entry audit; the audit's draft report with
 * findings is the match's result, which reaches the alert by itself.
 */
useAuditConfig();
useClearanceStack('e2e-alert-audit');

test("a released declaration matched by an alert is audited; the audit's findings reach the alert", async () => {
  const kzOfficer = stack.token({ role: 'officer', countries: ['KZ'], sub: 'kz-officer' });
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const auditor = stack.token({ role: 'auditor', countries: ['KZ'] });
  const vehicle = `KZ${Date.now().toString(36).toUpperCase().slice(-7)}`;
  const body = declarationOf(freshTin(), 'alaud');
  const released = await releasedDeclaration({
    ...body,
    transport: { ...body.transport, vehicleRegistration: vehicle },
  });
  const mrn: string = released.mrn;
  await eventually(
    async () => (await stack.client.workflow.count(`Vehicles = '${vehicle}'`)).count,
    (n) => n >= 1,
  );
  const raised = await stack.request('POST', '/v1/alerts', {
    token: kzOfficer,
    body: {
      subject: { kind: 'vehicle', registration: vehicle },
      severity: 'HIGH',
      reason: 'vehicle used for undervalued electronics',
      validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    },
  });
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;
  await eventually(
    async () => (await stack.request('GET', `/v1/alerts/${alertId}`, { token: kzOfficer })).body,
    (v) => v?.matches?.[0]?.mrn === mrn,
  );

  // After release the hit asks for a post-entry audit, opened by the dispatch of audit requests.
  const messageId = `declaration/${mrn}/audit/${alertId}`;
  await eventually(
    async () => (await stack.pool.query('SELECT 1 FROM outbox WHERE message_id = $1', [messageId])).rowCount,
    (n) => n === 1,
  );
  const start = requestedAuditStarter({
    client: stack.client,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    policy: loadAuditPolicy(),
  });
  await dispatchAuditRequestsOnce(stack.pool, start);
  const id = auditIdOf('KZ', messageId);
  const opened = await auditWhen(id, supervisor, (v) => v.state === 'NOTICE_SENT');
  expect(opened).toMatchObject({ source: 'HIT_AFTER_RELEASE', declarations: [mrn] });

  const asked = await stack.request('POST', `/v1/audits/${id}/document-requests`, {
    token: auditor,
    body: { documents: ['sales contract'] },
  });
  expect(asked.status).toBe(200);
  const answered = await stack.request('POST', `/v1/audits/${id}/documents`, {
    token: clearance,
    body: { documents: [{ name: 'sales contract', reference: 'SC-1' }] },
  });
  expect(answered.status).toBe(200);
  const item = released.duties.items.find((i: { seq: number }) => i.seq === 1);
  const findings = await stack.request('POST', `/v1/audits/${id}/findings`, {
    token: auditor,
    body: {
      findings: [
        {
          mrn,
          itemSeq: 1,
          violation: 'UNDERVALUATION',
          customsValue: fmt(dec(item.customsValue).times('1.5')),
        },
      ],
    },
  });
  expect(findings.status).toBe(200);
  await auditWhen(id, auditor, (v) => !!v.assessment);
  // Until the draft report, nothing is settled.
  expect(
    (await stack.request('GET', `/v1/alerts/${alertId}`, { token: kzOfficer })).body.hits.controlled,
  ).toBe(0);
  expect((await stack.request('POST', `/v1/audits/${id}/draft`, { token: auditor, body: {} })).status).toBe(
    200,
  );

  const view = await eventually(
    async () => (await stack.request('GET', `/v1/alerts/${alertId}`, { token: kzOfficer })).body,
    (v) => v.hits.controlled === 1,
  );
  expect(view.matches[0].result).toMatchObject({
    found: true,
    what: `post-entry audit ${id}: 1 finding(s)`,
    actor: `audit:${id}`,
    country: 'KZ',
  });
  expect(view.hits).toEqual({ controlled: 1, found: 1, rate: '1' });
});
