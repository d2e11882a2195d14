import crypto from 'node:crypto';
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
import { loadTransitConfig, transitSettings, type TransitConfig } from '../../../config/transit';
import { buildMrn } from '../../../domain/mrn';
import type { TransitDeclaration } from '../../../domain/schemas/transit';
import { transitView, type TransitView } from '../../../contracts';
import type { TransitInput } from '../../../contracts';
import { inScope, ownerAllows, type Principal } from '../auth/tokens';
import { payloadHash } from '../declarations/identity';
import { startOnce } from '../common/start-once';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { indexNewCaseGoods } from '../../../activities/alert/goods';
import { transitGoods } from '../../../domain/alert/goods';
import { servedBy } from '../../../config/administrations';

/**
 * Idempotent lodging: the MRN (so the workflow id `transit/<MRN>`) derives from the holder and the
 * LRN; the same submission twice answers the same MRN, the same LRN with other content is a 409.
 * An NCTS message (the XML door) gets an MRN in NCTS's format: its 17th character is the procedure
 * category (J transit only, K with EXS, L with ENS, M with both), which the phase 5 XSD requires.
 */
export function allocateTransitMrn(
  t: TransitDeclaration,
  lodgedAt: Date,
  procedureCategory?: string,
): string {
  const holder = t.holder.tin ?? `${t.holder.country}:${t.holder.name}`;
  const digest = crypto.createHash('sha256').update(`transit|${holder}|${t.lrn}`).digest();
  const serial = BigInt('0x' + digest.subarray(0, 12).toString('hex'))
    .toString(36)
    .toUpperCase()
    .padStart(13, '0')
    .slice(-13);
  return buildMrn(
    String(lodgedAt.getUTCFullYear() % 100).padStart(2, '0'),
    t.officeOfDeparture.slice(0, 2),
    procedureCategory ? serial.slice(0, 12) + procedureCategory : serial,
  );
}

/** Temporal's answer to a message for a workflow that has already finished. */
export const isClosedWorkflow = (err: unknown): boolean =>
  /already completed|workflow execution.*(completed|closed)/i.test((err as Error)?.message ?? '');

/** Update failures -> 409 with the workflow's reason; a finished movement -> 409 naming its state. */
export async function updateOr409<R, A extends unknown[]>(
  client: Client,
  workflowId: string,
  def: UpdateDefinition<R, A>,
  args: A,
  finalState: () => Promise<string>,
): Promise<R> {
  try {
    // the definition's arity is checked by this function's signature
    const handle = client.workflow.getHandle(workflowId) as unknown as {
      startUpdate(d: unknown, o: unknown): Promise<{ result(): Promise<unknown> }>;
    };
    const upd = await handle.startUpdate(def, { args, waitForStage: WorkflowUpdateStage.ACCEPTED });
    return (await upd.result()) as R;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError)
      throw new ConflictException((err.cause as Error | undefined)?.message ?? err.message);
    if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) {
      throw new ConflictException(
        `refused: the case is closed (${await finalState()}); nothing more can be recorded`,
      );
    }
    throw err;
  }
}

@Injectable()
export class TransitsService {
  private readonly transitConfig: TransitConfig = loadTransitConfig();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async lodge(
    t: TransitDeclaration,
    tirCarnetNumber: string | undefined,
    principal: Principal,
    procedureCategory?: string,
  ) {
    const now = new Date();
    const mrn = allocateTransitMrn(t, now, procedureCategory);
    const workflowId = `transit/${mrn}`;
    const hash = payloadHash({ declaration: t, tirCarnetNumber });
    // Where commodity alerts find the movement, at its lodgement check and on raising (docs/alerts.md).
    await indexNewCaseGoods(this.pool, workflowId, transitGoods(t));
    const { duplicate } = await startOnce(this.client, {
      workflowType: 'transitWorkflow',
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      payloadHash: hash,
      owner: principal.sub,
      memo: { lrn: t.lrn },
      args: [
        {
          mrn,
          declaration: t,
          ...(tirCarnetNumber ? { tirCarnetNumber } : {}),
          payloadHash: hash,
          lodgedAt: now.toISOString(),
          lodgedBy: principal.sub,
          settings: transitSettings(this.transitConfig, t.officeOfDeparture, t.officeOfDestination),
        } satisfies TransitInput,
      ],
      scope: {
        kind: 'transit',
        country: t.officeOfDeparture.slice(0, 2),
        office: t.officeOfDeparture,
        field: 'officeOfDeparture',
      },
      served: servedBy(this.config),
      conflict: `LRN ${t.lrn} of holder ${t.holder.tin ?? t.holder.name} was already lodged as ${mrn} with different content`,
    });
    if (!duplicate) return { mrn, status: 'ACCEPTED', duplicate };
    const view = await this.client.workflow
      .getHandle(workflowId)
      .query(transitView)
      .catch(() => undefined);
    return { mrn, status: view?.state ?? 'ACCEPTED', duplicate };
  }

  /** The movement as the caller may see it: any country on its itinerary; a clearance system, its own. */
  async get(mrn: string, principal: Principal): Promise<TransitView> {
    let view: TransitView;
    try {
      view = await this.client.workflow.getHandle(`transit/${mrn}`).query(transitView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no transit movement ${mrn}`);
      throw err;
    }
    if (!view.itinerary.some((s) => inScope(principal, s.country)) || !ownerAllows(principal, view.lodgedBy))
      throw new NotFoundException(`no transit movement ${mrn}`);
    return view;
  }

  async update<A>(
    mrn: string,
    principal: Principal,
    def: UpdateDefinition<TransitView, [A]>,
    arg: A,
  ): Promise<TransitView> {
    await this.get(mrn, principal);
    return updateOr409(
      this.client,
      `transit/${mrn}`,
      def,
      [arg] as [A],
      async () => (await this.get(mrn, principal)).state,
    );
  }
}
