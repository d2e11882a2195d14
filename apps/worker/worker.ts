import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Config } from '../../config/env';
import { temporalTls } from '../../config/temporal';
import { createActivities } from '../../activities';

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.temporalAddress, tls: temporalTls(config) });
}

export interface ClearwayWorkerOptions {
  config: Config;
  connection: NativeConnection;
  pool: Pool;
  taskQueue?: string;
  /** A prebuilt bundle (tests build it once); otherwise the worker bundles `workflows/` itself. */
  workflowBundlePath?: string;
  tuning?: Partial<WorkerOptions>;
}

export async function createClearwayWorker(opts: ClearwayWorkerOptions): Promise<Worker> {
  const bundlePath = opts.workflowBundlePath ?? process.env.CLEARWAY_WORKFLOW_BUNDLE;
  return Worker.create({
    connection: opts.connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? opts.config.TEMPORAL_TASK_QUEUE,
    ...(bundlePath && fs.existsSync(bundlePath)
      ? { workflowBundle: { codePath: path.resolve(bundlePath) } }
      : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({ pool: opts.pool }),
    ...opts.tuning,
  });
}
