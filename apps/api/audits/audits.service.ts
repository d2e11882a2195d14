import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Config } from '../../../config/env';
import { auditView, auditWorkflowId, type AuditView } from '../../../contracts/audit';
import { caseView, type DeclarationView } from '../../../contracts/declaration';
import { supervise, type SupervisorAction } from '../../../contracts/supervision';
import { startAudit } from '../../../activities/selection/open';
import { inScope, ownerAllows, type Principal } from '../auth/tokens';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { loadAuditPolicy, type AuditPolicy } from '../../../activities/selection/policy';
import type { OpenAudit } from '../../../domain/schemas/audit';
import { openingOf } from './opening';
import { listAudits, type AuditListQuery } from './listing';

/**
 * Audits over Temporal: opening (idempotent on the request), the view by audience and scope, and the
 * commands, each an update the workflow validates (a refusal is a 409 with its reason, and nothing
 * reached history). Customs roles see the audits of their countries; a clearance system only the
 * audits of the declarations it lodged (404 for any other, as for a case out of scope).
 */
@Injectable()
export class AuditsService {
  private readonly policy: AuditPolicy = loadAuditPolicy();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async open(req: OpenAudit, principal: Principal, now = new Date()) {
    const input = await openingOf(req, principal, now, {
      pool: this.pool,
      policy: this.policy,
      declaration: (mrn) => this.declaration(mrn),
    });
    const started = await startAudit(this.client, this.config.TEMPORAL_TASK_QUEUE, input);
    const view = await this.view(input.auditId, principal).catch(() => undefined);
    return { auditId: input.auditId, state: view?.state ?? 'OPENED', duplicate: started === 'duplicate' };
  }

  list(q: AuditListQuery, principal: Principal) {
    return listAudits(this.pool, q, principal);
  }

  /** The declaration as customs see it, or undefined when there is none. */
  async declaration(mrn: string): Promise<DeclarationView | undefined> {
    try {
      return await this.client.workflow.getHandle(`declaration/${mrn}`).query(caseView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  async view(auditId: string, principal: Principal): Promise<AuditView> {
    let view: AuditView;
    try {
      view = await this.handle(auditId).query(auditView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no audit ${auditId}`);
      throw err;
    }
    if (!inScope(principal, view.country) || !ownerAllows(principal, view.owner))
      throw new NotFoundException(`no audit ${auditId}`);
    return view;
  }

  /** Sends a command after the scope check; `read` is the view the caller already read through `view`. */
  async update<A>(
    auditId: string,
    principal: Principal,
    def: UpdateDefinition<AuditView, [A]>,
    arg: A,
    read?: AuditView,
  ): Promise<AuditView> {
    if (!read) await this.view(auditId, principal);
    try {
      const u = await this.handle(auditId).startUpdate(def, {
        args: [arg],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      return await u.result();
    } catch (err) {
      throw this.translate(err, auditId);
    }
  }

  /** Reassign, extend a deadline, escalate: the shared `supervise` update, validated by the workflow. */
  async supervise(auditId: string, principal: Principal, action: SupervisorAction): Promise<AuditView> {
    return this.update(
      auditId,
      principal,
      supervise as UpdateDefinition<AuditView, [SupervisorAction]>,
      action,
    );
  }

  private handle(auditId: string) {
    return this.client.workflow.getHandle(auditWorkflowId(auditId));
  }

  private translate(err: unknown, auditId: string): unknown {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = (err.cause as { message?: string } | undefined)?.message ?? err.message;
      return new ConflictException(cause);
    }
    if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error)?.message ?? ''))
      return new ConflictException(`audit ${auditId} is closed`);
    return err;
  }
}
