import { DefaultLogger, Runtime } from '@temporalio/worker';
import { durationMs, loadConfig } from '../../config/env';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { connectWorker, createClearwayWorker } from './worker';
import { startOutboxDelivery } from '../../activities/outbox';
import { startArchiver } from '../shared/archive';
import { temporalClient } from './temporal-client';
import { startWorkerAuditSelection } from './audit-selection';

/**
 * The worker process: connection, workflow bundle, activities, graceful shutdown. Run as
 * `node dist/apps/worker/main.js` (what `clearway start` spawns, once per `--workers`) or
 * `clearway worker` (a worker alone, joining a running stack's task queue).
 */
export async function runWorker() {
  const config = loadConfig();
  // SDK lifecycle chatter (worker state changes) only at debug; warnings and errors always.
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN') });
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  const connection = await connectWorker(config);
  const worker = await createClearwayWorker({ config, connection, pool });
  // Webhooks to clearance systems: delivered from the outbox with retries, beside the worker.
  const delivery = startOutboxDelivery(pool, {
    allowPrivate: config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE,
    log: (m) => console.warn(m),
  });
  // Closed cases' histories to the archive before retention can purge them.
  const archiving = config.CLEARWAY_ARCHIVE_INTERVAL === 'off' ? undefined : await temporalClient(config);
  const archiver =
    archiving &&
    startArchiver(
      { pool, client: archiving.client, log: (m) => console.warn(m) },
      {
        intervalMs: durationMs(config.CLEARWAY_ARCHIVE_INTERVAL),
        retentionDays: config.CLEARWAY_ARCHIVE_RETENTION_DAYS,
      },
    );
  // Audit requests (BLUE channel, hits after release, the random sample) start audits, beside the worker.
  const selection = await startWorkerAuditSelection(config, pool);
  const shutdown = () => worker.shutdown();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  console.log(
    `[worker] pid ${process.pid} polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.temporalAddress}`,
  );
  await worker.run();
  await delivery.stop();
  await selection.stop();
  await archiver?.stop();
  await archiving?.close();
  await connection.close();
  await pool.end();
  console.log('[worker] stopped');
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error('[worker]', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
