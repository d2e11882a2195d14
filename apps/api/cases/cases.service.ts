import crypto from 'node:crypto';
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
import { decodeHistoryPayloads, fetchHistory, historyAsJson } from '../../shared/histories';
import {
  CaseKind,
  CaseState,
  Channel,
  Country,
  Office,
  Stuck,
  StuckSince,
} from '../../../contracts/search-attributes';
import { inScope, type Principal } from '../auth/tokens';
import { AUTH_SECRET, CONFIG, TEMPORAL_CLIENT } from '../infra/tokens';
import { ArchiveService } from './archive.service';
import { buildCaseQuery, type CaseFilters } from './case-query';
import { ValidationFailed } from '../common/errors';
import { supervise, type SupervisorAction } from '../../../contracts/supervision';

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

const STATUS = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(AUTH_SECRET) private readonly secret: string,
    private readonly archive: ArchiveService,
  ) {}

  /** A page of cases from Temporal visibility, narrowed to the caller's scope. */
  async list(filters: CaseFilters, principal: Principal) {
    const now = new Date();
    const query = buildCaseQuery(filters, principal, now);
    const res = await this.client.workflowService
      .listWorkflowExecutions({
        namespace: this.config.TEMPORAL_NAMESPACE,
        query,
        pageSize: filters.pageSize,
        nextPageToken: filters.pageToken ? this.openPageToken(filters.pageToken, query) : undefined,
      })
      .catch((err: { code?: number }) => {
        // A stale page token (the server forgot it) is the caller's to restart, not a server error.
        if (filters.pageToken && (err.code === 2 || err.code === 3)) throw invalidPageToken();
        throw err;
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
    const token =
      res.nextPageToken && res.nextPageToken.length
        ? this.sealPageToken(Buffer.from(res.nextPageToken), query)
        : undefined;
    return { cases, nextPageToken: token, query };
  }

  /**
   * Page tokens are Temporal's, sealed with an HMAC over the token and the scoped query: a forged
   * token, or one replayed with other filters or by a caller of another scope, is refused at once.
   */
  private sealPageToken(raw: Buffer, query: string): string {
    return `${raw.toString('base64url')}.${this.pageMac(raw, query)}`;
  }
  private openPageToken(token: string, query: string): Buffer {
    const [data, mac] = token.split('.');
    const raw = Buffer.from(data ?? '', 'base64url');
    const expected = this.pageMac(raw, query);
    if (
      !mac ||
      mac.length !== expected.length ||
      !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
    )
      throw invalidPageToken();
    return raw;
  }
  private pageMac(raw: Buffer, query: string): string {
    return crypto
      .createHmac('sha256', this.secret)
      .update(raw)
      .update('\n')
      .update(query)
      .digest('base64url');
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

  /** A case in Temporal or, once purged there, in the archive, within the caller's scope; 404 otherwise. */
  async requireScope(caseId: string, principal: Principal): Promise<void> {
    try {
      await this.describeInScope(caseId, principal);
    } catch (err) {
      if (!(err instanceof NotFoundException) || !(await this.archive.inScope(caseId, principal))) throw err;
    }
  }

  /**
   * Full Temporal event history plus the domain timeline, for audit export; from the archive when
   * Temporal no longer has the case (retention).
   */
  async history(caseId: string, principal: Principal) {
    let desc: WorkflowExecutionDescription;
    try {
      desc = await this.describeInScope(caseId, principal);
    } catch (err) {
      if (err instanceof NotFoundException) return this.archive.history(caseId, principal);
      throw err;
    }
    const { history } = await fetchHistory(this.client, caseId);
    // Audit export: payloads decoded (declaration contents are ciphertext in Temporal's own store).
    await decodeHistoryPayloads(history, this.client.options.dataConverter.payloadCodecs ?? []);
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
    if (desc.status.name !== 'RUNNING')
      throw new ConflictException(`case ${caseId} is closed (${desc.status.name})`);
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

const invalidPageToken = () =>
  new ValidationFailed([
    {
      path: 'pageToken',
      message: 'not a page token of this listing (start again without it)',
      code: 'invalid_page_token',
    },
  ]);
