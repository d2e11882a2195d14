import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import {
  caseView,
  confirmExit,
  type MovementCrossingOutcome,
  type MovementCrossingRequest,
} from '../../contracts';

const reasonOf = (err: unknown): string => {
  const e = err as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(err);
};

/**
 * An export's exit, recognised at the joint post: confirmed on its declaration (`confirmExit`, via the
 * joint control, the officer who recorded the result named). A retried attempt whose first one went
 * through finds the exit confirmed by this joint control: that is done. Any other refusal (confirmed
 * at the office's counter meanwhile, deadline passed, invalidated) is kept with its reason.
 */
export async function confirmExportExit(
  client: Client,
  req: MovementCrossingRequest,
): Promise<MovementCrossingOutcome> {
  const handle = client.workflow.getHandle(`declaration/${req.mrn}`);
  try {
    const upd = await handle.startUpdate(confirmExit, {
      args: [
        { office: req.office, actor: req.officer, via: 'joint-control', jointControl: req.jointControl },
      ],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await upd.result();
    return { ok: true };
  } catch (err) {
    const reason = reasonOf(err);
    if (err instanceof WorkflowUpdateFailedError) {
      const v = await handle.query(caseView);
      return v.exit?.jointControl === req.jointControl ? { ok: true } : { ok: false, reason };
    }
    if (err instanceof WorkflowNotFoundError || /already completed/i.test(reason))
      return { ok: false, reason: `the declaration's process is not open: ${reason}` };
    throw err;
  }
}
