import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { archivePass, readArchivedCase, type ArchiveStore } from '../../apps/shared/archive';
import { clearance, stack, viewWhen } from './clearance';
import { example } from './examples';
import { eventually } from './temporal';

/**
 * The archive e2e files' steps: a declaration lodged and cancelled by a supervisor (a closed case),
 * the archiver's pass run until it holds the case, and the purge retention would do, done at once.
 */
export async function closedDeclaration(lrnTag: string) {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: `${lrnTag}-${Date.now()}` },
  });
  expect(lodged.status).toBe(202);
  const caseId = `declaration/${lodged.body.mrn}`;
  await viewWhen(lodged.body.mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const cancelled = await stack.request('POST', `/v1/cases/${caseId}/signals/cancel`, {
    token: supervisor,
    body: { reason: `lodged in error (${lrnTag})` },
  });
  expect(cancelled.status).toBe(200);
  const handle = stack.client.workflow.getHandle(caseId);
  await eventually(
    () => handle.describe(),
    (d) => d.status.name === 'COMPLETED',
  );
  // The history as Temporal exports it while it has the case.
  const live = await stack.request('GET', `/v1/cases/${caseId}/history`, { token: admin });
  expect(live.status).toBe(200);
  return { caseId, handle, live, admin, supervisor };
}

/** The pass the worker runs on its interval, until the case is in the archive (visibility lags). */
export async function archivedCase(caseId: string, store?: ArchiveStore) {
  const archived = await eventually(
    async () => (
      await archivePass({ pool: stack.pool, client: stack.client, ...(store ? { store } : {}) }),
      readArchivedCase(stack.pool, caseId, store)
    ),
    (a) => a !== undefined,
  );
  return archived!;
}

/** What retention does, done at once; deletion is asynchronous, the dev server's task runs later. */
export async function purgeFromTemporal(handle: WorkflowHandle): Promise<void> {
  await stack.client.workflowService.deleteWorkflowExecution({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    workflowExecution: { workflowId: handle.workflowId, runId: (await handle.describe()).runId },
  });
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
}
