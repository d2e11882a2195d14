import { ConflictException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import { CaseKind, CaseState, Country, Office } from '../../../contracts/search-attributes';
import { refuseUnserved } from './served';

export interface StartOnce {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  /** Digest of the submitted content, kept in the memo: the same content again is a duplicate. */
  payloadHash: string;
  /** Principal (`sub`) of the caller, kept in the memo: another party's retry is no duplicate. */
  owner: string;
  memo?: Record<string, unknown>;
  args: unknown[];
  /**
   * Case attributes known at submission, so scope checks and listings see the case at once; `field`
   * is the request field the country comes from, named when this node does not serve it.
   */
  scope: { kind: string; country: string; office?: string; field: string };
  /** The administrations this node serves (config/administrations.ts). */
  served: ReadonlySet<string>;
  /** 409 message when the id is taken by different content. */
  conflict: string;
}

/**
 * Idempotent start: the business key names the workflow, Temporal refuses a second start
 * (REJECT_DUPLICATE), and the payload digest in the memo tells a retry (same content: a duplicate,
 * answered like the first) from a clash (different content: 409). The same key from another party
 * is a 409 that says nothing of the case (its state, MRN or content): it is not theirs to see. Cases
 * started before the owner was kept in the memo answer as before.
 */
export async function startOnce(client: Client, s: StartOnce): Promise<{ duplicate: boolean }> {
  refuseUnserved(s.served, s.scope.country, s.scope.field);
  const attributes: SearchAttributePair[] = [
    { key: CaseKind, value: s.scope.kind },
    { key: CaseState, value: 'LODGED' },
    { key: Country, value: s.scope.country },
    ...(s.scope.office ? [{ key: Office, value: s.scope.office }] : []),
  ];
  try {
    await client.workflow.start(s.workflowType, {
      taskQueue: s.taskQueue,
      workflowId: s.workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { ...s.memo, payloadHash: s.payloadHash, owner: s.owner },
      typedSearchAttributes: attributes,
      args: s.args,
    });
    return { duplicate: false };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await client.workflow.getHandle(s.workflowId).describe();
    const owner = existing.memo?.owner;
    if (owner !== undefined && owner !== s.owner)
      throw new ConflictException(
        `this ${s.scope.kind === 'guarantee' ? 'GRN' : 'LRN'} is already in use by another party`,
      );
    if (existing.memo?.payloadHash !== s.payloadHash) throw new ConflictException(s.conflict);
    return { duplicate: true };
  }
}
