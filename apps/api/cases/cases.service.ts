import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { tsToDate } from '@temporalio/common/lib/time';
import type { Config } from '../../../config/env';
import { fetchHistory, historyAsJson } from '../../shared/histories';
import { CaseKind, CaseState, Channel, Country, Office, Stuck, StuckSince } from '../../../workflows/search-attributes';
import { inScope, type Principal } from '../auth/tokens';
import { CONFIG, TEMPORAL_CLIENT } from '../infra/tokens';
import { buildCaseQuery, type CaseFilters } from './case-query';
import { supervise, type SupervisorAction } from '../../../workflows/messages/supervision';

export interface CaseSummary {
  caseId: string;
  kind?: string;
  state?: string;
  channel?: string;
  office?: string;
  country?: string;
  stuck: boolean;
  stuckSince?: string;
  status: string;
  startedAt?: string;
  ageSeconds?: number;
  links: { self: string; history: string };
}

const STATUS = ['UNSPECIFIED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'];

@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** A page of cases from Temporal visibility, narrowed to the caller's scope. */
  async list(filters: CaseFilters, principal: Principal) {
    const now = new Date();
    const query = buildCaseQuery(filters, principal, now);
    const res = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.config.TEMPORAL_NAMESPACE,
      query,
      pageSize: filters.pageSize,
      nextPageToken: filters.pageToken ? Buffer.from(filters.pageToken, 'base64url') : undefined,
    });
    const cases: CaseSummary[] = (res.executions ?? []).map((e) => {
      const sa = decodeTypedSearchAttributes(e.searchAttributes?.indexedFields);
      const startedAt = e.startTime ? tsToDate(e.startTime) : undefined;
      const caseId = e.execution?.workflowId ?? '';
      const stuckSince = sa.get(StuckSince);
      return {
        caseId,
        kind: sa.get(CaseKind),
        state: sa.get(CaseState),
        channel: sa.get(Channel),
        office: sa.get(Office),
        country: sa.get(Country),
        stuck: sa.get(Stuck) ?? false,
        stuckSince: stuckSince ? stuckSince.toISOString() : undefined,
        status: STATUS[e.status ?? 0] ?? 'UNSPECIFIED',
        startedAt: startedAt?.toISOString(),
        ageSeconds: startedAt ? Math.round((now.getTime() - startedAt.getTime()) / 1000) : undefined,
        links: { self: `/v1/cases/${caseId}`, history: `/v1/cases/${caseId}/history` },
      };
    });
    const token = res.nextPageToken && res.nextPageToken.length ? Buffer.from(res.nextPageToken).toString('base64url') : undefined;
    return { cases, nextPageToken: token, query };
  }

  /** Describes the case and checks the caller's scope on its search attributes; 404 outside it. */
  async describeInScope(caseId: string, principal: Principal): Promise<WorkflowExecutionDescription> {
    let desc: WorkflowExecutionDescription;
    try {
      desc = await this.client.workflow.getHandle(caseId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no case ${caseId}`);
      throw err;
    }
    const country = desc.typedSearchAttributes.get(Country);
    const office = desc.typedSearchAttributes.get(Office);
    if (!country || !inScope(principal, country, office)) throw new NotFoundException(`no case ${caseId}`);
    return desc;
  }

  async view(caseId: string, principal: Principal): Promise<unknown> {
    await this.describeInScope(caseId, principal);
    return this.client.workflow.getHandle(caseId).query<unknown>('caseView');
  }

  /** Full Temporal event history plus the domain timeline, for audit export. */
  async history(caseId: string, principal: Principal) {
    const desc = await this.describeInScope(caseId, principal);
    const { history } = await fetchHistory(this.client, caseId);
    const view = (await this.client.workflow
      .getHandle(caseId)
      .query<{ timeline?: unknown[] }>('caseView')
      .catch(() => undefined)) ?? { timeline: undefined };
    return {
      caseId,
      runId: desc.runId,
      workflowType: desc.type,
      status: desc.status.name,
      timeline: view.timeline ?? [],
      history: historyAsJson(history),
    };
  }

  /** A supervisor action, sent as the `supervise` update; the workflow's validator decides (409 if refused). */
  async signal(caseId: string, principal: Principal, action: SupervisorAction): Promise<unknown> {
    const desc = await this.describeInScope(caseId, principal);
    if (desc.status.name !== 'RUNNING') throw new ConflictException(`case ${caseId} is closed (${desc.status.name})`);
    try {
      const handle = await this.client.workflow
        .getHandle(caseId)
        .startUpdate(supervise, { args: [action], waitForStage: WorkflowUpdateStage.ACCEPTED });
      return await handle.result();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { message?: string } | undefined;
        throw new ConflictException(cause?.message ?? err.message);
      }
      throw err;
    }
  }
}
