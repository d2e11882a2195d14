import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { Pool } from 'pg';
import type { Config } from '../../../config/env';
import {
  archiveStoreFor,
  archivedPlace,
  liftLegalHold,
  placeLegalHold,
  readArchivedCase,
  type ArchiveStore,
} from '../../shared/archive';
import { decodeHistoryPayloads, historyAsJson } from '../../shared/histories';
import { inScope, type Principal } from '../auth/tokens';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';

/**
 * The archive side of the cases API: a history Temporal no longer has is read from the archive
 * (apps/shared/archive), its hash checked; legal holds keep an archive past its retention.
 */
@Injectable()
export class ArchiveService {
  private readonly store: ArchiveStore;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) config: Config,
  ) {
    this.store = archiveStoreFor(config);
  }

  /** The archived case in the caller's scope (404 otherwise), payloads decoded as for a live export. */
  async history(caseId: string, principal: Principal) {
    const archived = await readArchivedCase(this.pool, caseId, this.store);
    if (!archived?.country || !inScope(principal, archived.country, archived.office ?? undefined))
      throw new NotFoundException(`no case ${caseId}`);
    const codecs = this.client.options.dataConverter.payloadCodecs ?? [];
    const runs = [];
    for (const r of archived.runs) {
      const history = await decodeHistoryPayloads(historyFromJSON(r.history), codecs);
      runs.push({ ...r, history: historyAsJson(history) });
    }
    const last = runs[runs.length - 1];
    return {
      caseId,
      source: 'archive',
      runId: last.runId,
      workflowType: last.workflowType,
      status: archived.status,
      timeline: archived.timeline,
      history: last.history,
      runs,
      archive: {
        sha256: archived.sha256,
        verified: archived.verified,
        closedAt: archived.closedAt,
        archivedAt: archived.archivedAt,
        legalHold: archived.legalHold,
      },
    };
  }

  async placeHold(caseId: string, reason: string, principal: Principal) {
    await placeLegalHold(this.pool, caseId, reason, principal.sub);
    return { caseId, legalHold: true, reason };
  }

  async liftHold(caseId: string) {
    if (!(await liftLegalHold(this.pool, caseId))) throw new NotFoundException(`no legal hold on ${caseId}`);
    return { caseId, legalHold: false };
  }

  /** Scope of a case Temporal no longer has: the archive's country and office. */
  async inScope(caseId: string, principal: Principal): Promise<boolean> {
    const place = await archivedPlace(this.pool, caseId);
    return !!place && inScope(principal, place.country, place.office);
  }
}
