import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Pool } from 'pg';
import {
  declarationSettings,
  loadDeclarationConfig,
  type DeclarationConfig,
} from '../../../config/declaration';
import type { Config } from '../../../config/env';
import type { Declaration } from '../../../domain/schemas/declaration';
import {
  caseView,
  DUPLICATE_PAYMENT,
  intelligenceHit,
  recordPayment,
  type DeclarationInput,
  type DeclarationView,
  type IntelligenceHit,
  type Payment,
} from '../../../contracts';
import { inScope, ownerAllows, type Principal } from '../auth/tokens';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { allocateMrn, payloadHash } from './identity';
import { startOnce } from '../common/start-once';
import { servedBy } from '../../../config/administrations';

export interface LodgeResult {
  mrn: string;
  status: string;
  duplicate: boolean;
}

@Injectable()
export class DeclarationsService {
  private readonly declarationConfig: DeclarationConfig;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.declarationConfig = loadDeclarationConfig();
  }

  async lodge(decl: Declaration, principal: Principal): Promise<LodgeResult> {
    const now = new Date();
    const mrn = allocateMrn(decl, now);
    const workflowId = `declaration/${mrn}`;
    const hash = payloadHash(decl);
    const input: DeclarationInput = {
      mrn,
      declaration: decl,
      payloadHash: hash,
      lodgedAt: now.toISOString(),
      lodgedBy: principal.sub,
      settings: declarationSettings(
        this.declarationConfig,
        decl.officeOfDeclaration,
        this.config.CLEARWAY_SLA_DEFAULT,
      ),
    };
    const { duplicate } = await startOnce(this.client, {
      workflowType: 'declarationWorkflow',
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      payloadHash: hash,
      owner: principal.sub,
      memo: { lrn: decl.lrn },
      args: [input],
      scope: {
        kind: 'declaration',
        country: decl.officeOfDeclaration.slice(0, 2),
        office: decl.officeOfDeclaration,
        field: 'officeOfDeclaration',
      },
      served: servedBy(this.config),
      conflict: `LRN ${decl.lrn} of declarant ${decl.declarant.tin ?? decl.declarant.name} was already lodged as ${mrn} with different content`,
    });
    if (!duplicate) return { mrn, status: 'ACCEPTED', duplicate };
    const view = await this.client.workflow
      .getHandle(workflowId)
      .query(caseView)
      .catch(() => undefined);
    return { mrn, status: view?.state ?? 'ACCEPTED', duplicate };
  }

  async get(mrn: string, principal: Principal): Promise<DeclarationView> {
    let view: DeclarationView;
    try {
      view = await this.handle(mrn).query(caseView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no declaration ${mrn}`);
      throw err;
    }
    // Outside the caller's scope, or another trader's, the case does not exist for them: no hint that it does.
    if (!inScope(principal, view.country, view.office) || !ownerAllows(principal, view.lodgedBy))
      throw new NotFoundException(`no declaration ${mrn}`);
    return view;
  }

  /**
   * The caller's scope and ownership checked on the case's read-model row (one indexed read), so a
   * command costs no query of the workflow; a case lodged too recently to have its row is read from
   * the workflow. Out of scope, another trader's or unknown: 404, as `get`.
   */
  private async checkScope(mrn: string, principal: Principal): Promise<void> {
    const { rows } = await this.pool.query<{ country: string; office: string | null; owner: string | null }>(
      'SELECT country, office, owner FROM cases WHERE case_id = $1',
      [`declaration/${mrn}`],
    );
    const row = rows[0];
    if (!row) {
      await this.get(mrn, principal);
      return;
    }
    if (
      !inScope(principal, row.country, row.office ?? undefined) ||
      !ownerAllows(principal, row.owner ?? undefined)
    )
      throw new NotFoundException(`no declaration ${mrn}`);
  }

  /**
   * Sends an update after checking the caller's scope. A validator's refusal (wrong state, wrong
   * office, bad payload) is a 409 carrying the workflow's message; nothing reached history.
   */
  async update<A>(
    mrn: string,
    principal: Principal,
    def: UpdateDefinition<DeclarationView, [A]>,
    arg: A,
    /** The case as the caller already read it through `get` (scope checked): not queried again. */
    read?: DeclarationView,
  ): Promise<DeclarationView> {
    if (!read) await this.checkScope(mrn, principal);
    try {
      const u = await this.handle(mrn).startUpdate(def, {
        args: [arg],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      return await u.result();
    } catch (err) {
      throw this.translate(err, mrn);
    }
  }

  /**
   * A payment is keyed by its reference, and the update's validator checks it against the case
   * (domain/declaration/payment.ts): another payment under a used reference is a 409, the same
   * payment again is answered as the first; neither reaches history. Validators run one at a time
   * on the workflow's own state, so two racing requests cannot both pass.
   */
  async pay(mrn: string, principal: Principal, payment: Payment): Promise<{ duplicate: boolean }> {
    await this.checkScope(mrn, principal);
    try {
      await this.handle(mrn).executeUpdate(recordPayment, { args: [payment] });
      return { duplicate: false };
    } catch (err) {
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === DUPLICATE_PAYMENT) return { duplicate: true };
      throw this.translate(err, mrn);
    }
  }

  async intelligence(mrn: string, principal: Principal, hit: IntelligenceHit): Promise<DeclarationView> {
    return this.signal(mrn, principal, (h) => h.signal(intelligenceHit, hit));
  }

  private async signal(
    mrn: string,
    principal: Principal,
    send: (h: WorkflowHandle) => Promise<void>,
  ): Promise<DeclarationView> {
    const view = await this.get(mrn, principal);
    await this.send(mrn, send);
    return view;
  }

  private async send(mrn: string, send: (h: WorkflowHandle) => Promise<void>): Promise<void> {
    try {
      await send(this.handle(mrn));
    } catch (err) {
      throw this.translate(err, mrn);
    }
  }

  private handle(mrn: string) {
    return this.client.workflow.getHandle(`declaration/${mrn}`);
  }

  private translate(err: unknown, mrn: string): unknown {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = (err.cause as { message?: string } | undefined)?.message ?? err.message;
      return new ConflictException(cause);
    }
    if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error)?.message ?? '')) {
      return new ConflictException(`declaration ${mrn} is closed`);
    }
    return err;
  }
}
