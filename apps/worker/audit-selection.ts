import type { Pool } from 'pg';
import type { Config } from '../../config/env';
import { resolveRiskSelectionKeys } from '../../config/secrets';
import { servedBy } from '../../config/administrations';
import { requestedAuditStarter, startAuditSelection } from '../../activities/selection';
import { loadAuditPolicy } from '../../activities/selection/policy';
import { temporalClient } from './temporal-client';

/**
 * The audit selection loop of a worker process (activities/selection): it starts audits, so it holds
 * a Temporal client of its own beside the worker's native connection. `stop()` ends the loop, then
 * the connection.
 */
export async function startWorkerAuditSelection(
  config: Config,
  pool: Pool,
  log: (msg: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const { client, close } = await temporalClient(config);
  const policy = loadAuditPolicy();
  const loop = startAuditSelection(pool, {
    start: requestedAuditStarter({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, policy }),
    sample: {
      keyOf: resolveRiskSelectionKeys(config),
      rateOf: (cc) => policy.sampleRate(cc),
      countries: [...servedBy(config)],
    },
    log,
  });
  return {
    async stop() {
      await loop.stop();
      await close();
    },
  };
}
