import { Runtime } from '@temporalio/worker';
import { durationMs, loadConfig } from '../../config/env';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { connectWorker, createClearwayWorker } from './worker';
import { startWorkerDelivery } from './delivery';
import { servedBy } from '../../config/administrations';
import { loadExchangeTrust } from '../../activities/exchange/trust';
import { createPartnerSender } from '../../activities/outbox/partner-sender';
import { archiveStoreFor, startArchiver } from '../shared/archive';
import { temporalClient } from './temporal-client';
import { startWorkerAuditSelection } from './audit-selection';
import { createLogger, sdkLogger } from '../shared/observability/logger';
import { createMetrics } from '../shared/observability/metrics';
import { freeLoopbackPort, scrape, startMetricsServer } from '../shared/observability/metrics-server';
import { startTracing } from '../shared/observability/tracing';

/**
 * The worker process: connection, workflow bundle, activities, graceful shutdown. Run as
 * `node dist/apps/worker/main.js` (what `clearway start` spawns, once per `--workers`) or
 * `clearway worker` (a worker alone, joining a running stack's task queue).
 */
export async function runWorker() {
  const config = loadConfig();
  const log = createLogger(config, { service: 'worker' });
  // The SDK's own metrics (task slots, poll and schedule latencies, cache) go to a Prometheus
  // exporter on loopback that the worker's /metrics appends to its own: one scrape target.
  const sdkMetricsPort =
    config.CLEARWAY_WORKER_METRICS_PORT !== undefined ? await freeLoopbackPort() : undefined;
  Runtime.install({
    logger: sdkLogger(log),
    telemetryOptions: {
      // The SDK's native core logs through the same logger (JSON lines), not straight to the console.
      logging: {
        filter: { core: config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN', other: 'ERROR' },
        forward: {},
      },
      ...(sdkMetricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } : {}),
    },
  });
  const tracing = await startTracing(config, 'worker');
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  const metrics = createMetrics('worker', { pool });
  const metricsServer =
    config.CLEARWAY_WORKER_METRICS_PORT !== undefined
      ? await startMetricsServer({
          registry: metrics.registry,
          host: config.CLEARWAY_METRICS_HOST,
          port: config.CLEARWAY_WORKER_METRICS_PORT,
          extra: scrape(`http://127.0.0.1:${sdkMetricsPort}/metrics`),
        })
      : undefined;
  const connection = await connectWorker(config);
  const worker = await createClearwayWorker({ config, connection, pool, log, metrics, tracing });
  // The outbox (webhooks, mail, partners) delivered beside the worker, one leased message at a time.
  const partner = createPartnerSender({
    pool,
    trust: loadExchangeTrust(config, [...servedBy(config)]),
  });
  const delivery = startWorkerDelivery(config, pool, { metrics, log: (m) => log.warn(m), partner });
  // Closed cases' histories to the archive before retention can purge them.
  const archiving = config.CLEARWAY_ARCHIVE_INTERVAL === 'off' ? undefined : await temporalClient(config);
  const archiver =
    archiving &&
    startArchiver(
      { pool, client: archiving.client, store: archiveStoreFor(config), log: (m) => log.warn(m) },
      {
        intervalMs: durationMs(config.CLEARWAY_ARCHIVE_INTERVAL),
        retentionDays: config.CLEARWAY_ARCHIVE_RETENTION_DAYS,
      },
    );
  // Audit requests (BLUE channel, hits after release, the random sample) start audits, beside the worker.
  const selection = await startWorkerAuditSelection(config, pool, (m) => log.warn(m));
  const shutdown = () => worker.shutdown();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  log.info(
    { pid: process.pid, taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.temporalAddress },
    `worker polling task queue ${config.TEMPORAL_TASK_QUEUE}` +
      (metricsServer ? `, metrics on ${metricsServer.url}/metrics` : ''),
  );
  await worker.run();
  await delivery.stop();
  await selection.stop();
  await archiver?.stop();
  await archiving?.close();
  await metricsServer?.close();
  await tracing?.shutdown();
  await connection.close();
  await pool.end();
  log.info('worker stopped');
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error('[worker]', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
