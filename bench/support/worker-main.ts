import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { loadConfig } from '../../config/env';
import { createPool } from '../../activities/db/pool';
import { createClearwayWorker } from '../../apps/worker/worker';
import { dataConverterFor } from '../../apps/shared/payload-codec';

/**
 * The worker process of the benchmarks and fault tests: Clearway's worker with tuning from
 * CLEARWAY_WORKER_TUNING (JSON of WorkerOptions), and - with BENCH_BASELINE_BUNDLE - a second worker
 * for the baseline workflow on task queue BENCH_BASELINE_QUEUE, in the same process and connection.
 */
async function main() {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tuning = JSON.parse(process.env.CLEARWAY_WORKER_TUNING || '{}') as Partial<WorkerOptions>;
  const pool = createPool(config.databaseUrl, Number(process.env.CLEARWAY_WORKER_POOL_MAX || 10));
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const workers: Worker[] = [await createClearwayWorker({ config, connection, pool, tuning })];
  if (process.env.BENCH_BASELINE_BUNDLE) {
    workers.push(
      await Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: process.env.BENCH_BASELINE_QUEUE || 'bench-baseline',
        workflowBundle: { codePath: process.env.BENCH_BASELINE_BUNDLE },
        activities: { echo: async (x: string) => x },
        dataConverter: dataConverterFor(config),
        ...tuning,
      }),
    );
  }
  const shutdown = () => workers.forEach((w) => w.shutdown());
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  console.log(`[bench-worker] ready pid ${process.pid} queue ${config.TEMPORAL_TASK_QUEUE}`);
  await Promise.all(workers.map((w) => w.run()));
  await connection.close();
  await pool.end();
}

main().catch((err) => {
  console.error('[bench-worker]', err instanceof Error ? err.stack : err);
  process.exit(1);
});
