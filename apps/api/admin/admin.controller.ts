import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { plainString } from '../../../domain/schemas/common';
import { loadWorkflowBundle } from '../../worker/worker';
import {
  fetchHistory,
  replayHistories,
  workflowIdsForQuery,
  type HistoryRecord,
} from '../../shared/histories';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { CasesService } from '../cases/cases.service';
import { TEMPORAL_CLIENT } from '../infra/tokens';

const MAX_CASES = 500;

export const ReplayRequestSchema = z
  .object({
    workflowIds: z
      .array(z.string().regex(/^[a-z]+\/[A-Za-z0-9_-]{1,64}$/, 'a case id such as declaration/<MRN>'))
      .max(MAX_CASES)
      .optional(),
    query: plainString().min(1).max(2000).optional(),
  })
  .refine((r) => (r.workflowIds?.length ?? 0) > 0 || r.query, {
    message: 'give workflowIds or a visibility query',
    path: ['workflowIds'],
  });

@Controller('v1/admin')
export class AdminController {
  private bundle?: ReturnType<typeof loadWorkflowBundle>;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly cases: CasesService,
  ) {}

  /** Replays the cases' histories with the current workflow code: identical, or where they diverge. */
  @Post('replay')
  @HttpCode(200)
  @Roles('administrator')
  async replay(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const req = parseOr400(ReplayRequestSchema, body);
    const ids = new Set(req.workflowIds ?? []);
    if (req.query) {
      // The caller's scope narrows any query it sends.
      const scoped = `(${req.query}) AND Country IN (${principal.countries.map((c) => `'${c}'`).join(', ')})`;
      try {
        for await (const id of workflowIdsForQuery(this.client, scoped)) {
          ids.add(id);
          if (ids.size >= MAX_CASES) break;
        }
      } catch (err) {
        // Temporal refuses a query it cannot parse: that is a bad request, not a server error.
        const code =
          (err as { code?: number; cause?: { code?: number } }).code ??
          (err as { cause?: { code?: number } }).cause?.code;
        if (code === 3 || /invalid|failed to list|syntax/i.test((err as Error).message)) {
          throw new ValidationFailed([
            {
              path: 'query',
              message: `Temporal refused the visibility query: ${(err as Error).message}`,
              code: 'invalid_query',
            },
          ]);
        }
        throw err;
      }
    }
    const histories: HistoryRecord[] = [];
    for (const id of ids) {
      await this.cases.describeInScope(id, principal);
      histories.push(await fetchHistory(this.client, id));
    }
    this.bundle ??= loadWorkflowBundle();
    const report = await replayHistories(histories, {
      workflowBundle: await this.bundle,
      replayName: 'admin-replay',
      // The API client's converter: the same payload codec, no second reading of the key.
      dataConverter: this.client.options.dataConverter,
    });
    return { ...report, workflowIds: [...ids] };
  }
}
