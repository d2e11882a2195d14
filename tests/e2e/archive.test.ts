import { archivedHistories, archivePass, readArchivedCase } from '../../apps/shared/archive';
import { replayHistories } from '../../apps/shared/histories';
import { stack, useClearanceStack } from '../support/clearance';
import { bundlePath } from '../support/temporal';
import { archivedCase, closedDeclaration, purgeFromTemporal } from '../support/archive';

/**
 * Issue 19, point 5: a closed case outlives Temporal's retention in the archive. The purge is what
 * retention does, done at once (DeleteWorkflowExecution); the archive pass is the one the worker
 * runs on its interval, called here so the test does not wait for it.
 */
useClearanceStack('e2e-archive');

test('a closed case, purged from Temporal, is exported and replayed from the archive and its hash verifies; a legal hold keeps it', async () => {
  const otherAdmin = stack.token({ role: 'administrator', countries: ['UZ'] });
  const { caseId, handle, live, admin } = await closedDeclaration('E2E-ARCH');
  expect(live.body.source).toBeUndefined();

  // The pass finds it once visibility shows it closed.
  const archived = await archivedCase(caseId);
  expect(archived).toMatchObject({ kind: 'declaration', country: 'KZ', status: 'COMPLETED', verified: true });
  expect(archived.runs).toHaveLength(1);
  expect(archived.timeline.at(-1)).toMatchObject({ type: 'state', state: 'CANCELLED' });

  await purgeFromTemporal(handle);

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
