import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { Public } from '../auth/auth.guard';
import { PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Reachability of Temporal and PostgreSQL; 503 when either is down. */
  @Public()
  @Get()
  async health(@Res() res: Response) {
    const [temporal, postgres] = await Promise.all([
      // The server's version tells the dev server (the CLI's embedded 1.29) from the PostgreSQL one.
      probe(async () => {
        const info = await this.temporal.connection.workflowService.getSystemInfo({});
        return info.serverVersion ? { serverVersion: info.serverVersion } : {};
      }),
      probe(async () => {
        await this.pool.query('SELECT 1');
      }),
    ]);
    const up = temporal.up && postgres.up;
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', temporal, postgres });
  }
}

async function probe(
  fn: () => Promise<object | void>,
): Promise<{ up: boolean; latencyMs?: number; error?: string }> {
  const t0 = Date.now();
  try {
    const extra = await withTimeout(fn(), 3000);
    return { up: true, latencyMs: Date.now() - t0, ...(extra ?? {}) };
  } catch (err) {
    return { up: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}
