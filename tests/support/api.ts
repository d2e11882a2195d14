import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { DestinationStream } from 'pino';
import { loadConfig, type Config } from '../../config/env';
import { createPool } from '../../activities/db/pool';
import { createApi } from '../../apps/api/app';
import { mintToken, type Principal } from '../../apps/api/auth/tokens';
import { createClearwayWorker } from '../../apps/worker/worker';
import { startWorkerDelivery } from '../../apps/worker/delivery';
import { createPartnerSender } from '../../activities/outbox/partner-sender';
import { loadExchangeTrust } from '../../activities/exchange/trust';
import { servedBy } from '../../config/administrations';
import type { Sender } from '../../activities/outbox/senders';
import { bundlePath, uniqueQueue } from './temporal';
import { dataConverterFor } from '../../apps/shared/payload-codec';
import { createLogger } from '../../apps/shared/observability/logger';
import { createMetrics } from '../../apps/shared/observability/metrics';
import {
  scrape,
  startMetricsServer,
  type MetricsServer,
} from '../../apps/shared/observability/metrics-server';
import { requestIdClientInterceptor } from '../../apps/shared/observability/request-id';
import type { Tracing } from '../../apps/shared/observability/tracing';

/** Longer than any answer the API gives (an update waits for its workflow task), shorter than a test. */
const REQUEST_TIMEOUT_MS = 25_000;

/**
 * The whole engine in one test process, against the real services of the global setup: a worker on
 * its own task queue and the API on a free port. Requests go over HTTP like a clearance system's.
 * Webhooks may point at loopback (the tests' receivers listen there) unless `env` says otherwise.
 */
export interface TestStack {
  config: Config;
  pool: Pool;
  client: Client;
  baseUrl: string;
  /** The worker's metrics listener, when CLEARWAY_WORKER_METRICS_PORT is set (`0`: a free port). */
  workerMetricsUrl?: string;
  token(p: Partial<Principal> & Pick<Principal, 'role'>): string;
  request(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  /** Where the API's and the worker's log lines go (JSON); otherwise stdout, warnings and errors only. */
  logs?: DestinationStream;
  /** The Temporal SDK's Prometheus exporter, appended to the worker's /metrics like in production. */
  sdkMetricsUrl?: string;
  /** Tracing on (the worker then bundles its workflows with the OpenTelemetry interceptors). */
  tracing?: Tracing;
  /**
   * The worker's outbox delivery runs (webhooks, mail to the test SMTP sink, `partner` if given;
   * `'node'`: the partner sender the worker builds from the node's directory and keys).
   */
  delivery?: { partner?: Sender | 'node' };
  /** The API's port (a partner directory written before the start names it); a free one if unset. */
  port?: number;
}

export async function startTestStack(
  name: string,
  env: NodeJS.ProcessEnv = {},
  opts: TestStackOptions = {},
): Promise<TestStack> {
  const config = loadConfig({
    ...process.env,
    CLEARWAY_WEBHOOK_ALLOW_PRIVATE: 'true',
    TEMPORAL_TASK_QUEUE: uniqueQueue(name),
    NODE_ENV: 'test',
    ...env,
  });
  const pool = createPool(config.databaseUrl, 5);
  const logConfig = opts.logs || env.LOG_LEVEL ? config : { ...config, LOG_LEVEL: 'warn' as const };
  const logger = (service: string) => createLogger(logConfig, { service, destination: opts.logs });
  const workerMetrics = createMetrics('worker', { pool });
  const metricsServer: MetricsServer | undefined =
    config.CLEARWAY_WORKER_METRICS_PORT === undefined
      ? undefined
      : await startMetricsServer({
          registry: workerMetrics.registry,
          host: '127.0.0.1',
          port: config.CLEARWAY_WORKER_METRICS_PORT,
          ...(opts.sdkMetricsUrl ? { extra: scrape(opts.sdkMetricsUrl) } : {}),
        });
  const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker: Worker = await createClearwayWorker({
    config,
    connection: nativeConnection,
    pool,
    workflowBundlePath: bundlePath(),
    log: logger('worker'),
    metrics: workerMetrics,
    tracing: opts.tracing,
  });
  const running = worker.run();
  const delivery =
    opts.delivery &&
    startWorkerDelivery(config, pool, {
      metrics: workerMetrics,
      partner:
        opts.delivery.partner === 'node'
          ? createPartnerSender({ pool, trust: loadExchangeTrust(config, [...servedBy(config)]) })
          : opts.delivery.partner,
      env: { ...process.env, ...env },
      intervalMs: 200,
    });
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config),
    interceptors: {
      workflow: [requestIdClientInterceptor, ...(opts.tracing ? [opts.tracing.clientInterceptor] : [])],
    },
  });
  const secret = config.CLEARWAY_AUTH_SECRET!;
  const app: INestApplication = await createApi({
    config,
    client,
    pool,
    authSecret: secret,
    log: logger('api'),
    metrics: createMetrics('api', { pool }),
    tracing: opts.tracing,
  });
  await app.listen(opts.port ?? 0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  return {
    config,
    pool,
    client,
    baseUrl,
    ...(metricsServer ? { workerMetricsUrl: metricsServer.url } : {}),
    token: (p) => mintToken(secret, { sub: `${p.role}@test`, countries: ['KZ'], ...p }, '1h'),
    async request(method, path, opts = {}) {
      // A request that hangs fails on its own, naming itself, before the test's timeout hides where.
      const res = await fetch(baseUrl + path, {
        method,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body:
          opts.body === undefined
            ? undefined
            : typeof opts.body === 'string'
              ? opts.body
              : JSON.stringify(opts.body),
      }).catch((err: Error) => {
        throw new Error(
          `${method} ${path}: ${err.name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS} ms` : err.message}`,
        );
      });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, body: text && json ? JSON.parse(text) : text || undefined };
    },
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await delivery?.stop();
      await metricsServer?.close();
      await nativeConnection.close();
      // A request the browser or a test abandoned may still be inside a Temporal client call that is
      // retrying; closing the channel under it makes its next retry throw in a timer, outside any test
      // ("Channel has been shut down"). Close the client's connection once such calls have settled.
      setTimeout(() => void connection.close().catch(() => undefined), 30_000).unref();
      await pool.end();
    },
  };
}
