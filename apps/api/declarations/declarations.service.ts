import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Config } from '../../../config/env';
import { durationMs } from '../../../config/env';
import type { Declaration } from '../../../domain/schemas/declaration';
import { caseView, type DeclarationView } from '../../../workflows/messages';
import type { declarationWorkflow } from '../../../workflows/declaration';
import { inScope, type Principal } from '../auth/tokens';
import { CONFIG, TEMPORAL_CLIENT } from '../infra/tokens';
import { allocateMrn, payloadHash } from './identity';

export interface LodgeResult {
  mrn: string;
  status: string;
  duplicate: boolean;
}

@Injectable()
export class DeclarationsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async lodge(decl: Declaration, principal: Principal): Promise<LodgeResult> {
    const now = new Date();
    const mrn = allocateMrn(decl, now);
    const workflowId = `declaration/${mrn}`;
    const hash = payloadHash(decl);
    try {
      await this.client.workflow.start<typeof declarationWorkflow>('declarationWorkflow', {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { payloadHash: hash, lrn: decl.lrn },
        args: [
          {
            mrn,
            declaration: decl,
            payloadHash: hash,
            lodgedAt: now.toISOString(),
            lodgedBy: principal.sub,
            settings: { slaMs: durationMs(this.config.CLEARWAY_SLA_DEFAULT) },
          },
        ],
      });
      return { mrn, status: 'ACCEPTED', duplicate: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const existing = await this.client.workflow.getHandle(workflowId).describe();
      if (existing.memo?.payloadHash !== hash) {
        throw new ConflictException(
          `LRN ${decl.lrn} of declarant ${decl.declarant.tin ?? decl.declarant.name} was already lodged as ${mrn} with different content`,
        );
      }
      const view = await this.client.workflow.getHandle(workflowId).query(caseView).catch(() => undefined);
      return { mrn, status: view?.state ?? 'ACCEPTED', duplicate: true };
    }
  }

  async get(mrn: string, principal: Principal): Promise<DeclarationView> {
    let view: DeclarationView;
    try {
      view = await this.client.workflow.getHandle(`declaration/${mrn}`).query(caseView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no declaration ${mrn}`);
      throw err;
    }
    // Outside the caller's scope the case does not exist for them: no hint that it does.
    if (!inScope(principal, view.country, view.office)) throw new NotFoundException(`no declaration ${mrn}`);
    return view;
  }
}
