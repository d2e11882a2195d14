import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config } from '../../../config/env';
import { startAlert } from '../../../activities/alert/start';
import { alertView, alertWorkflowId, recordAlertResult, type AlertView } from '../../../contracts/alert';
import type { AlertResult, RaiseAlert } from '../../../domain/schemas/alert';
import type { Principal } from '../auth/tokens';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { alertFigures, listAlerts } from './listing';
import { alertInputOf, matchForResult, mayRead } from './raising';

/**
 * Alerts over Temporal: raising (idempotent on the request), the view for the administrations it
 * concerns (others get 404), and the control results, each an update the workflow validates (a
 * refusal is a 409 with its reason).
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async raise(req: RaiseAlert, p: Principal, now = new Date()) {
    const input = alertInputOf(req, p, now);
    const started = await startAlert(this.client, this.config.TEMPORAL_TASK_QUEUE, input);
    return { alertId: input.alertId, duplicate: started === 'duplicate' };
  }

  async view(alertId: string, p: Principal): Promise<AlertView> {
    let v: AlertView;
    try {
      v = await this.client.workflow.getHandle(alertWorkflowId(alertId)).query(alertView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no alert ${alertId}`);
      throw err;
    }
    if (!mayRead(p, v)) throw new NotFoundException(`no alert ${alertId}`);
    return v;
  }

  async result(alertId: string, p: Principal, r: AlertResult): Promise<AlertView> {
    const v = await this.view(alertId, p);
    const m = matchForResult(p, v, r.mrn);
    const cmd = {
      caseId: m.caseId,
      found: r.found,
      ...(r.what ? { what: r.what } : {}),
      actor: p.sub,
      country: m.country,
    };
    try {
      const u = await this.client.workflow
        .getHandle(alertWorkflowId(alertId))
        .startUpdate(recordAlertResult, {
          args: [cmd],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
      return await u.result();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError)
        throw new ConflictException((err.cause as { message?: string } | undefined)?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error).message))
        throw new ConflictException(`alert ${alertId} is closed`);
      throw err;
    }
  }

  list(p: Principal, state: string | undefined, limit: number) {
    return listAlerts(this.pool, p, state, limit);
  }

  statistics(p: Principal) {
    return alertFigures(this.pool, p);
  }
}
