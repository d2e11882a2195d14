import { WorkflowNotFoundError } from '@temporalio/client';
import { archivedHistories, archivePass, readArchivedCase } from '../../apps/shared/archive';
import { replayHistories } from '../../apps/shared/histories';
import { clearance, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';
import { bundlePath, eventually } from '../support/temporal';

/**
 * Issue 19, point 5: a closed case outlives Temporal's retention in the archive. The purge is what
 * retention does, done at once (DeleteWorkflowExecution); the archive pass is the one the worker
 * runs on its interval, called here so the test does not wait for it.
 */
useClearanceStack('e2e-archive');

test('a closed case, purged from Temporal, is exported and replayed from the archive and its hash verifies; a legal hold keeps it', async () => {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const otherAdmin = stack.token({ role: 'administrator', countries: ['UZ'] });
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: `E2E-ARCH-${Date.now()}` },
  });
  expect(lodged.status).toBe(202);
  const caseId = `declaration/${lodged.body.mrn}`;
  await viewWhen(lodged.body.mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const cancelled = await stack.request('POST', `/v1/cases/${caseId}/signals/cancel`, {
    token: supervisor,
    body: { reason: 'lodged in error (archive test)' },
  });
  expect(cancelled.status).toBe(200);
  const handle = stack.client.workflow.getHandle(caseId);
  await eventually(
    () => handle.describe(),
    (d) => d.status.name === 'COMPLETED',
  );
  const live = await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin });
  expect(live.status).toBe(200);
  expect(live.body.source).toBeUndefined();

  // The pass finds it once visibility shows it closed; a second pass archives nothing new.
  await eventually(
    async () => (
      await archivePass({ pool: stack.pool, client: stack.client }),
      readArchivedCase(stack.pool, caseId)
    ),
    (a) => a !== undefined,
  );
  const archived = (await readArchivedCase(stack.pool, caseId))!;
  expect(archived).toMatchObject({ kind: 'declaration', country: 'KZ', status: 'COMPLETED', verified: true });
  expect(archived.runs).toHaveLength(1);
  expect(archived.timeline.at(-1)).toMatchObject({ type: 'state', state: 'CANCELLED' });

  await stack.client.workflowService.deleteWorkflowExecution({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    workflowExecution: { workflowId: caseId, runId: (await handle.describe()).runId },
  });
  // Deletion is asynchronous: the dev server's task runs some seconds later.
  const gone = await eventually(
    () =>
      handle.describe().then(
        () => 'still there',
        (e: Error) => (e instanceof WorkflowNotFoundError ? 'purged' : e.message),
      ),
    (s) => s === 'purged',
    120_000,
  );
  expect(gone).toBe('purged');

  const fromArchive = await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin });
  expect(fromArchive.status).toBe(200);
  expect(fromArchive.body).toMatchObject({
    caseId,
    source: 'archive',
    status: 'COMPLETED',
    archive: { verified: true, sha256: archived.sha256, legalHold: null },
  });
  // The same events as Temporal exported while it had them, payloads decoded the same way.
  expect(fromArchive.body.history).toEqual(live.body.history);
  expect(fromArchive.body.timeline).toEqual(archived.timeline);
  expect((await stack.request('GET', `/v1/cases/${caseId}/history`, { token: otherAdmin })).status).toBe(404);

  const replay = await replayHistories(archivedHistories(archived), {
    workflowBundle: { codePath: bundlePath() },
    dataConverter: stack.client.options.dataConverter,
  });
  expect(replay).toMatchObject({ replayed: 1, identical: 1, diverged: [] });

  // A legal hold keeps the archive past its retention; lifted, the next pass purges it.
  const hold = await stack.request('PUT', `/v1/cases/${caseId}/legal-hold`, {
    token: admin,
    body: { reason: 'court order 2026/117' },
  });
  expect(hold.status).toBe(200);
  expect(
    (await stack.request('PUT', `/v1/cases/${caseId}/legal-hold`, { token: admin, body: { reason: 'x' } }))
      .status,
  ).toBe(400);
  expect(
    (
      await stack.request('PUT', `/v1/cases/${caseId}/legal-hold`, {
        token: otherAdmin,
        body: { reason: 'not yours' },
      })
    ).status,
  ).toBe(404);
  await stack.pool.query(
    `UPDATE case_archive SET closed_at = now() - interval '400 days' WHERE case_id = $1`,
    [caseId],
  );
  await archivePass({ pool: stack.pool, client: stack.client }, { retentionDays: 365 });
  expect((await readArchivedCase(stack.pool, caseId))?.legalHold).toMatchObject({
    reason: 'court order 2026/117',
  });
  expect((await stack.request('DELETE', `/v1/cases/${caseId}/legal-hold`, { token: admin })).status).toBe(
    200,
  );
  await archivePass({ pool: stack.pool, client: stack.client }, { retentionDays: 365 });
  expect(await readArchivedCase(stack.pool, caseId)).toBeUndefined();
  expect((await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin })).status).toBe(404);
});

test('a tampered archive no longer verifies', async () => {
  await stack.pool.query(
    `INSERT INTO case_archive (case_id, kind, country, status, closed_at, runs, events, document, sha256)
     VALUES ('declaration/TAMPERED', 'declaration', 'KZ', 'COMPLETED', now(), 1, 0, '{"runs":[],"timeline":[]}', repeat('0', 64))
     ON CONFLICT (case_id) DO NOTHING`,
  );
  expect((await readArchivedCase(stack.pool, 'declaration/TAMPERED'))?.verified).toBe(false);
});
