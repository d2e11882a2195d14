import fs from 'node:fs';
import path from 'node:path';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type Logger,
  type WorkerOptions,
} from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Config } from '../../config/env';
import { temporalTls } from '../../config/temporal';
import { createActivities } from '../../activities';
import { resolveRiskSelectionKeys } from '../../config/secrets';
import { dataConverterFor } from '../shared/payload-codec';
import { observabilityInterceptor } from '../shared/observability/activity-interceptor';
import { createLogger, type Pino } from '../shared/observability/logger';
import { createMetrics, type Metrics } from '../shared/observability/metrics';
import type { Tracing } from '../shared/observability/tracing';
import { servedBy } from '../../config/administrations';

export const WORKFLOWS_PATH = require.resolve('../../workflows');
/** Not workflows: the interceptors every bundle is built with (request ids to activities). */
export const WORKFLOW_INTERCEPTORS = [require.resolve('../../workflows/interceptors')];

export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.temporalAddress, tls: temporalTls(config) });
}

/**
 * A prebuilt bundle file when given (tests, replay), otherwise webpack over `workflows/`. Extra
 * interceptor modules (tracing's) are not in a prebuilt bundle: with them the worker bundles.
 */
export async function loadWorkflowBundle(
  bundlePath = process.env.CLEARWAY_WORKFLOW_BUNDLE,
  extraInterceptors: string[] = [],
) {
  return bundlePath && fs.existsSync(bundlePath) && !extraInterceptors.length
    ? { codePath: path.resolve(bundlePath) }
    : await bundleWorkflowCode({
        workflowsPath: WORKFLOWS_PATH,
        workflowInterceptorModules: [...WORKFLOW_INTERCEPTORS, ...extraInterceptors],
        logger: quietBundlerLogger,
      });
}

export interface ClearwayWorkerOptions {
  config: Config;
  connection: NativeConnection;
  pool: Pool;
  taskQueue?: string;
  /** A prebuilt bundle (tests build it once); otherwise the worker bundles `workflows/` itself. */
  workflowBundlePath?: string;
  tuning?: Partial<WorkerOptions>;
  /** The process's logger, metrics and tracing (new ones when absent; tracing off). */
  log?: Pino;
  metrics?: Metrics;
  tracing?: Tracing;
}

export async function createClearwayWorker(opts: ClearwayWorkerOptions): Promise<Worker> {
  const bundlePath = opts.workflowBundlePath ?? process.env.CLEARWAY_WORKFLOW_BUNDLE;
  const otel = opts.tracing?.worker;
  const workflowBundle = await loadWorkflowBundle(bundlePath, otel?.workflowModules);
  const log = opts.log ?? createLogger(opts.config, { service: 'worker' });
  const metrics = opts.metrics ?? createMetrics('worker');
  return Worker.create({
    connection: opts.connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? opts.config.TEMPORAL_TASK_QUEUE,
    workflowBundle,
    activities: createActivities({
      pool: opts.pool,
      selectionKey: resolveRiskSelectionKeys(opts.config),
      served: servedBy(opts.config),
    }),
    dataConverter: dataConverterFor(opts.config),
    interceptors: {
      activity: [observabilityInterceptor(log, metrics), ...(otel?.interceptors.activity ?? [])],
    },
    ...(otel ? { sinks: otel.sinks } : {}),
    ...(opts.config.CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS === 'sdk'
      ? {}
      : { maxCachedWorkflows: opts.config.CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS }),
    ...opts.tuning,
  });
}

// webpack's module listing is noise at start-up; bundler warnings and errors still show.
const quietBundlerLogger: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message, meta) => console.warn('[worker] bundler:', message, meta ?? ''),
  error: (message, meta) => console.error('[worker] bundler:', message, meta ?? ''),
};
