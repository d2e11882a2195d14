import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { resolveAuthSecret } from '../../config/secrets';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { temporalTls } from '../../config/temporal';
import { createApi } from './app';
import { dataConverterFor } from '../shared/payload-codec';
import { createLogger } from '../shared/observability/logger';
import { createMetrics } from '../shared/observability/metrics';
import { startMetricsServer } from '../shared/observability/metrics-server';
import { requestIdClientInterceptor } from '../shared/observability/request-id';
import { startTracing } from '../shared/observability/tracing';

async function main() {
  const config = loadConfig();
  const log = createLogger(config, { service: 'api' });
  const tracing = await startTracing(config, 'api');
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  const connection = await Connection.connect({ address: config.temporalAddress, tls: temporalTls(config) });
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config),
    interceptors: {
      workflow: [requestIdClientInterceptor, ...(tracing ? [tracing.clientInterceptor] : [])],
    },
  });
  const metrics = createMetrics('api', { pool });
  const app = await createApi({
    config,
    client,
    pool,
    authSecret: resolveAuthSecret(config),
    log,
    metrics,
    tracing,
  });
  await app.listen(config.PORT, '0.0.0.0');
  const metricsServer =
    config.CLEARWAY_API_METRICS_PORT !== undefined
      ? await startMetricsServer({
          registry: metrics.registry,
          host: config.CLEARWAY_METRICS_HOST,
          port: config.CLEARWAY_API_METRICS_PORT,
        })
      : undefined;
  log.info(
    `api listening on http://127.0.0.1:${config.PORT}` +
      (metricsServer ? `, metrics on ${metricsServer.url}/metrics` : ''),
  );
  const stop = async () => {
    await app.close();
    await metricsServer?.close();
    await tracing?.shutdown();
    await connection.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error('[api]', err instanceof Error ? err.message : err);
  process.exit(1);
});
