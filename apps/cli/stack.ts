import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../../config/env';
import { REPO_ROOT } from '../../config/paths';
import {
  isPortOpen,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopChild,
  type Service,
} from '../../scripts/services';
import { serverBinariesPresent, startTemporalServer } from '../../scripts/temporal-server';

/**
 * What `clearway start` and `clearway start --nodes` share: the services started so far, stopped in
 * reverse order on Ctrl-C, on a failed start or when an API process exits by itself; and the
 * embedded PostgreSQL and Temporal server, each refused when its port is taken.
 */
export interface DevStack {
  log(msg: string): void;
  add(service: Service | undefined): void;
  /** Stops every service, newest first, then exits with `code`. */
  stopAll(code: number): Promise<void>;
  /** Stops the stack when `proc` (an API) exits while the stack is not stopping. */
  stopOnExit(proc: ChildProcess, what: string): void;
  /** Runs the start-up; a failure is logged and stops what was started. */
  run(start: () => Promise<void>): Promise<void>;
}

export function devStack(): DevStack {
  const log = (msg: string) => console.log(`[clearway] ${msg}`);
  const services: Service[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    for (const s of [...services].reverse()) {
      await s.stop().catch((err: Error) => log(`${s.name}: ${err.message}`));
      log(`${s.name} stopped`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  return {
    log,
    add: (s) => void (s && services.push(s)),
    stopAll,
    stopOnExit: (proc, what) =>
      proc.on('exit', (code) => {
        if (stopping) return;
        log(`${what} exited (${code}); stopping the stack`);
        void stopAll(1);
      }),
    run: async (start) => {
      try {
        await start();
      } catch (err) {
        log(err instanceof Error ? err.message : String(err));
        await stopAll(1);
      }
    },
  };
}

const taken = (port: number, variable: string) =>
  new Error(`port ${port} is taken: is another 'npm start' running? (${variable})`);

/** The embedded PostgreSQL under the data directory. */
export async function startDevPostgres(config: Config, log: (msg: string) => void) {
  if (await isPortOpen(config.EMBEDDED_PG_PORT)) throw taken(config.EMBEDDED_PG_PORT, 'EMBEDDED_PG_PORT');
  const dataDir = path.join(config.dataDir, 'pg');
  log(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data: ${dataDir})`);
  return startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
}

/** The dev server on SQLite, or the Temporal server on the stack's PostgreSQL (built on first use). */
export async function startDevTemporal(
  config: Config,
  databaseUrl: string,
  log: (msg: string) => void,
): Promise<Service & { address: string; uiUrl?: string }> {
  if (await isPortOpen(config.TEMPORAL_DEV_PORT)) throw taken(config.TEMPORAL_DEV_PORT, 'TEMPORAL_DEV_PORT');
  if (config.CLEARWAY_TEMPORAL === 'dev') {
    log(
      `starting Temporal dev server on ${config.temporalAddress} (data: ${path.join(config.dataDir, 'temporal.sqlite')})`,
    );
    return startTemporalDevServer({
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      uiCodecEndpoint: `http://127.0.0.1:${config.PORT}/codec`,
      dbFile: path.join(config.dataDir, 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
      logFile: path.join(config.dataDir, 'temporal.log'),
    });
  }
  if (!serverBinariesPresent(true)) {
    // Like the CLI, built once from the Go module proxy; npm start's own ensure step skips it (opt-in).
    log(
      'building the Temporal server (scripts/ensure.sh --temporal-server; about 7 minutes the first time)...',
    );
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure.sh'), '--temporal-server'], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('scripts/ensure.sh --temporal-server failed');
  }
  const dir = path.join(config.dataDir, 'temporal-server');
  log(
    `starting Temporal server on ${config.temporalAddress}: PostgreSQL persistence, ${config.TEMPORAL_HISTORY_SHARDS} shards (config: ${dir})`,
  );
  return startTemporalServer({
    port: config.TEMPORAL_DEV_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    uiCodecEndpoint: `http://127.0.0.1:${config.PORT}/codec`,
    databaseUrl,
    dir,
    namespace: config.TEMPORAL_NAMESPACE,
    shards: config.TEMPORAL_HISTORY_SHARDS,
    partitions: config.TEMPORAL_TASK_QUEUE_PARTITIONS,
    log: (l) => log(`temporal: ${l}`),
  });
}

export function spawnNode(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  // detached: see startTemporalDevServer; the CLI forwards the stop in order. Killed with it on exit.
  const child = spawn(process.execPath, [script], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return child;
}

export function child(name: string, proc: ChildProcess): Service {
  return { name, stop: () => stopChild(proc, 15_000) };
}
