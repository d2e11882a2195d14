import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../../config/env';
import { guaranteeSettings, loadTransitConfig, type TransitConfig } from '../../../config/transit';
import type { GuaranteeRegistration } from '../../../domain/schemas/guarantee';
import { managementRefusal } from '../../../domain/guarantee/lifecycle';
import type { GuaranteeInput } from '../../../contracts';
import {
  extendGuaranteeValidity,
  guaranteeBalance,
  guaranteeView,
  revokeGuarantee,
  type Balance,
  type GuaranteeView,
} from '../../../contracts';
import { inScope, ownerAllows, type Principal } from '../auth/tokens';
import { payloadHash } from '../declarations/identity';
import { startOnce } from '../common/start-once';
import { CONFIG, TEMPORAL_CLIENT } from '../infra/tokens';
import { servedBy } from '../../../config/administrations';

@Injectable()
export class GuaranteesService {
  private readonly transitConfig: TransitConfig = loadTransitConfig();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Idempotent: the GRN is the workflow id; the same registration again answers the same, other content is a 409. */
  async register(reg: GuaranteeRegistration, principal: Principal) {
    const workflowId = `guarantee/${reg.grn}`;
    const hash = payloadHash(reg);
    const { duplicate } = await startOnce(this.client, {
      workflowType: 'guaranteeWorkflow',
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      payloadHash: hash,
      owner: principal.sub,
      args: [
        {
          registration: reg,
          payloadHash: hash,
          registeredAt: new Date().toISOString(),
          registeredBy: principal.sub,
          settings: guaranteeSettings(this.transitConfig),
        } satisfies GuaranteeInput,
      ],
      scope: { kind: 'guarantee', country: reg.grn.slice(2, 4), field: 'grn' },
      served: servedBy(this.config),
      conflict: `guarantee ${reg.grn} is already registered with different content`,
    });
    if (!duplicate) return { grn: reg.grn, status: 'ACTIVE', duplicate };
    const b = await this.client.workflow
      .getHandle(workflowId)
      .query(guaranteeBalance)
      .catch(() => undefined);
    return { grn: reg.grn, status: b?.status ?? 'ACTIVE', duplicate };
  }

  /**
   * Visible to callers scoped to a country of validity (or the GRN's country); to a clearance system
   * only when it registered the guarantee.
   */
  async view(grn: string, principal: Principal): Promise<GuaranteeView> {
    let v: GuaranteeView;
    try {
      v = await this.client.workflow.getHandle(`guarantee/${grn}`).query(guaranteeView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no guarantee ${grn}`);
      throw err;
    }
    const countries = [grn.slice(2, 4), ...v.balance.countriesOfValidity];
    if (!countries.some((c) => inScope(principal, c)) || !ownerAllows(principal, v.registeredBy))
      throw new NotFoundException(`no guarantee ${grn}`);
    return v;
  }

  async balance(
    grn: string,
    principal: Principal,
  ): Promise<Balance & { holder: string; timeline: GuaranteeView['timeline'] }> {
    const v = await this.view(grn, principal);
    return { ...v.balance, holder: v.declarant, timeline: v.timeline };
  }

  async revoke(grn: string, reason: string, principal: Principal) {
    const v = await this.view(grn, principal);
    managedBy(grn, principal, 'revoke');
    if (v.state !== 'ACTIVE') throw new ConflictException(`guarantee ${grn} is ${v.state}`);
    await this.client.workflow
      .getHandle(`guarantee/${grn}`)
      .signal(revokeGuarantee, { reason, by: principal.sub });
    return { grn, status: 'REVOKED' };
  }

  async extend(grn: string, validUntil: string, principal: Principal) {
    const v = await this.view(grn, principal);
    managedBy(grn, principal, 'extend');
    if (v.state !== 'ACTIVE')
      throw new ConflictException(`guarantee ${grn} is ${v.state} and cannot be extended`);
    if (validUntil <= v.balance.validUntil)
      throw new ConflictException(
        `validUntil ${validUntil} does not extend the current end ${v.balance.validUntil}`,
      );
    await this.client.workflow
      .getHandle(`guarantee/${grn}`)
      .signal(extendGuaranteeValidity, { validUntil, by: principal.sub });
    return { grn, validUntil };
  }
}

/** A country of validity sees the guarantee; only the accepting administration manages it (403). */
function managedBy(grn: string, principal: Principal, action: 'revoke' | 'extend'): void {
  const refusal = managementRefusal(grn, principal.countries, action);
  if (refusal) throw new ForbiddenException(refusal);
}
