import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { loadStartupReference } from '../../activities/reference';
import { loadDemoRiskProfiles } from '../../activities/risk';
import { REPO_ROOT } from '../../config/paths';
import { freePort, stopChild, waitForPort, type Service } from '../../scripts/services';
import { freeServerPorts } from '../../scripts/temporal-server';
import { baselineBundle, clearwayBundle } from './bundles';
import { describeBenchTemporal, startBenchTemporal, type TemporalKind } from './temporal';

/**
 * The embedded stack for benchmarks and fault tests, every piece a real process on loopback:
 * PostgreSQL (embedded), Temporal (the dev server on a SQLite file, pragmas configurable, or the
 * production-mode server on that PostgreSQL: `temporal`), the worker (a child running
 * bench/support/worker-main.js, tuning configurable; `workers` of them sharing the task queues) and
 * the API (a child running dist/apps/api/main.js). Each piece can be killed, stopped and started again on the same port and
 * data, which is what the fault tests do. Needs the compiled tree (`npm run build`).
 */

export const DIST = path.join(REPO_ROOT, 'dist');
// Kept importable from here: bench/replay.ts takes the bundle with the stack.
export { baselineBundle, clearwayBundle };

export interface StackOptions {
  name: string;
  /** Default: CLEARWAY_TEMPORAL, else dev. */
  temporal?: TemporalKind;
  /** Worker processes sharing the task queues (default 1); the first is the one killWorker kills. */
  workers?: number;
  pragmas?: string[];
  workerTuning?: Record<string, unknown>;
  /** Also run the baseline workflow's worker (bench:e2e). */
  baseline?: boolean;
  /** Keep data directories after stop (default: remove them). */
  keepData?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface BenchStack {
  dir: string;
  temporal: TemporalKind;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  baselineQueue: string;
  authSecret: string;
  env: NodeJS.ProcessEnv;
  pool: Pool;
  worker(): ChildProcess | undefined;
  /** Every worker process (the first is worker()). */
  workers(): ChildProcess[];
  /** Temporal server process ids (for RSS), when the stack runs its own. */
  temporalPid(): number | undefined;
  /** Starts the worker again; `tuning` replaces the stack's worker tuning for this and later starts. */
  startWorker(tuning?: Record<string, unknown>): Promise<ChildProcess>;
  killWorker(signal?: NodeJS.Signals): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchStack(opts: StackOptions): Promise<BenchStack> {
  const log = opts.log ?? (() => undefined);
  if (!fs.existsSync(path.join(DIST, 'bench', 'support', 'worker-main.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  const dir = path.join(
    REPO_ROOT,
    '.data',
    'bench',
    `${opts.name}-${process.pid}-${Date.now().toString(36)}`,
  );
  fs.mkdirSync(dir, { recursive: true });
  const pgPort = await freePort();
  const temporalPort = await freePort();
  const apiPort = await freePort();

  log(`PostgreSQL on 127.0.0.1:${pgPort}`);
  const pg = await startPostgresChild(path.join(dir, 'pg'), pgPort, path.join(dir, 'pg.log'));
  // A stack that did not come up leaves nothing running (a missing server binary left PostgreSQL).
  const started: Service[] = [pg];
  try {
    return await startOnPostgres(opts, { dir, pg, pgPort, temporalPort, apiPort, log, started });
  } catch (err) {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    throw err;
  }
}

async function startOnPostgres(
  opts: StackOptions,
  s: {
    dir: string;
    pg: Service & { url: string };
    pgPort: number;
    temporalPort: number;
    apiPort: number;
    log: (l: string) => void;
    started: Service[];
  },
): Promise<BenchStack> {
  const { dir, pgPort, temporalPort, apiPort, log } = s;
  let pg = s.pg;
  const databaseUrl = pg.url;
  const setupPool = createPool(databaseUrl, 2);
  await migrate(setupPool);
  await loadStartupReference(setupPool, { CLEARWAY_HS_FILE: process.env.CLEARWAY_HS_FILE });
  // Seeded here, before any traffic: the risk activity's lazy seeding races when the first burst of
  // declarations arrives at once (a concurrent first call finds no profile and fails the case).
  await loadDemoRiskProfiles(setupPool);
  await setupPool.end();

  const kind: TemporalKind = opts.temporal ?? (process.env.CLEARWAY_TEMPORAL === 'server' ? 'server' : 'dev');
  const temporalSettings = {
    kind,
    port: temporalPort,
    serverPorts: kind === 'server' ? await freeServerPorts() : undefined,
    dir,
    databaseUrl,
    pragmas: opts.pragmas,
    workers: opts.workers ?? 1,
  };
  log(describeBenchTemporal(temporalSettings));
  const startTemporal = () => startBenchTemporal(temporalSettings);
  let temporal: (Service & { pid?: number }) | undefined = await startTemporal();
  s.started.push({ name: 'temporal', stop: async () => temporal?.stop() });

  const [bundle, baseline] = await Promise.all([
    clearwayBundle(),
    opts.baseline ? baselineBundle() : Promise.resolve(undefined),
  ]);
  log(
    `workflow bundle ${path.relative(REPO_ROOT, bundle)}${process.env.BENCH_PRELOAD_MODULES ? ` (preloadModules ${process.env.BENCH_PRELOAD_MODULES})` : ''}`,
  );
  const taskQueue = `bench-${opts.name}`;
  const baselineQueue = `bench-baseline-${opts.name}`;
  const authSecret = crypto.randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: databaseUrl,
    PORT: String(apiPort),
    CLEARWAY_DATA_DIR: dir,
    CLEARWAY_AUTH_SECRET: authSecret,
    CLEARWAY_PAYLOAD_KEY: crypto.randomBytes(32).toString('base64'),
    CLEARWAY_WORKFLOW_BUNDLE: bundle,
    CLEARWAY_WORKER_TUNING: JSON.stringify(opts.workerTuning ?? {}),
    ...(baseline ? { BENCH_BASELINE_BUNDLE: baseline, BENCH_BASELINE_QUEUE: baselineQueue } : {}),
  };

  const workerLog = fs.openSync(path.join(dir, 'worker.log'), 'a');
  let worker: ChildProcess | undefined;
  const extraWorkers: ChildProcess[] = [];
  async function startWorker(tuning?: Record<string, unknown>, primary = true): Promise<ChildProcess> {
    if (tuning) env.CLEARWAY_WORKER_TUNING = JSON.stringify(tuning);
    // BENCH_WORKER_NODE_ARGS: node flags for the worker only (e.g. `--cpu-prof --cpu-prof-dir=DIR`).
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(
      process.execPath,
      [...nodeArgs, path.join(DIST, 'bench', 'support', 'worker-main.js')],
      { env, stdio: ['ignore', 'pipe', workerLog] },
    );
    if (primary) worker = child;
    else extraWorkers.push(child);
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      const onData = (d: Buffer) => {
        buf += d.toString();
        fs.writeSync(workerLog, d);
        if (buf.includes('[bench-worker] ready')) {
          child.stdout!.off('data', onData);
          child.stdout!.on('data', (x: Buffer) => fs.writeSync(workerLog, x));
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, sig) =>
        reject(new Error(`worker exited during start (${code ?? sig}); see ${path.join(dir, 'worker.log')}`)),
      );
    });
    return child;
  }
  await startWorker();
  for (let i = 1; i < (opts.workers ?? 1); i++) await startWorker(undefined, false);
  log(
    `worker pid ${[worker!, ...extraWorkers].map((w) => w.pid).join(', ')}, tuning ${JSON.stringify(opts.workerTuning ?? {})}`,
  );

  const apiLog = fs.openSync(path.join(dir, 'api.log'), 'a');
  const api = spawn(process.execPath, [path.join(DIST, 'apps', 'api', 'main.js')], {
    env,
    stdio: ['ignore', apiLog, apiLog],
  });
  await waitForPort(apiPort, 60_000, 'API', api);
  const pool = createPool(databaseUrl, 4);

  const stack: BenchStack = {
    dir,
    temporal: kind,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    databaseUrl,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    taskQueue,
    baselineQueue,
    authSecret,
    env,
    pool,
    worker: () => worker,
    workers: () => [worker, ...extraWorkers].filter((w): w is ChildProcess => !!w),
    temporalPid: () => temporal?.pid,
    startWorker: (tuning) => startWorker(tuning),
    async killWorker(signal = 'SIGKILL') {
      const w = worker;
      if (!w || w.exitCode !== null || w.signalCode !== null) return;
      const exited = new Promise<void>((r) => w.once('exit', () => r()));
      w.kill(signal);
      await exited;
    },
    async stopTemporal() {
      await temporal?.stop();
      temporal = undefined;
    },
    async startTemporal() {
      temporal = await startTemporal();
    },
    async stopPostgres() {
      await pg.stop();
    },
    async startPostgres() {
      pg = await startPostgresChild(path.join(dir, 'pg'), pgPort, path.join(dir, 'pg.log'));
    },
    async stop() {
      await pool.end().catch(() => undefined);
      await stopChild(api).catch(() => undefined);
      for (const w of [worker, ...extraWorkers]) if (w) await stopChild(w, 15_000).catch(() => undefined);
      await temporal?.stop().catch(() => undefined);
      await pg.stop().catch(() => undefined);
      fs.closeSync(workerLog);
      fs.closeSync(apiLog);
      if (!opts.keepData) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Embedded PostgreSQL in a child process (bench/support/pg-main.js); stop() ends it cleanly. */
async function startPostgresChild(
  dataDir: string,
  port: number,
  logFile: string,
): Promise<Service & { url: string }> {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [path.join(DIST, 'bench', 'support', 'pg-main.js'), dataDir, String(port)],
    { stdio: ['ignore', 'pipe', out, 'ipc'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      fs.writeSync(out, d);
      const m = /^CLEARWAY_PG_READY (\S+)$/m.exec(buf);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited during start (${code}); see ${logFile}`)),
    );
  });
  return {
    name: 'postgres',
    url,
    async stop() {
      await stopChild(child, 30_000);
      fs.closeSync(out);
    },
  };
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  // A process that is gone (or none, pid 0) has no RSS: NaN, printed as n/a, not a crash mid-bench.
  if (!pid || !fs.existsSync(`/proc/${pid}/status`)) return NaN;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}
