import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../../config/env';
import { resolveAuthSecret } from '../../../config/secrets';
import { createPool } from '../../../activities/db/pool';
import { migrate } from '../../../activities/db/migrate';
import { loadStartupReference } from '../../../activities/reference';
import { loadDemoRiskProfiles } from '../../../activities/risk';
import { mintToken } from '../../api/auth/tokens';
import { REPO_ROOT } from '../../../config/paths';
import {
  isPortOpen,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopChild,
  waitForPort,
  type Service,
} from '../../../scripts/services';
import { serverBinariesPresent, startTemporalServer } from '../../../scripts/temporal-server';
import { startDevMailSink } from '../mail-sink';
import { startNodes } from '../start-nodes';
import { startEmbeddedS3 } from '../embedded-s3';

const DEMO_COUNTRIES = ['KZ', 'KG', 'UZ', 'TJ', 'CN'];

/**
 * `clearway start`: the whole stack on embedded defaults. Embedded PostgreSQL and Temporal (the dev
 * server on SQLite, or with `--temporal server` the production-mode server on that PostgreSQL) keep
 * their data under the data directory, so a second start finds every case again. Ctrl-C stops the
 * children in reverse order.
 */
export function register(program: Command) {
  program
    .command('start')
    .description(
      'start PostgreSQL, Temporal (dev server or PostgreSQL server, + UI), migrations, reference data, worker(s) and API',
    )
    .option(
      '--temporal <kind>',
      'dev (CLI dev server, SQLite) or server (Temporal server on PostgreSQL); default CLEARWAY_TEMPORAL or dev',
    )
    .option('--workers <n>', 'worker processes sharing the task queue', '1')
    .option('--nodes <list>', 'one node per administration, e.g. KZ,CN (docs/operations.md)')
    .action(async (opts: StartOptions & { nodes?: string }) => {
      const { config, workers } = startSettings(opts);
      if (opts.nodes) await startNodes(config, opts.nodes);
      else await startStack(config, workers);
    });
}

export interface StartOptions {
  temporal?: string;
  workers?: string;
}

/** The command's flags over the environment; the flag goes through the same zod schema as the variable. */
export function startSettings(
  opts: StartOptions,
  env: NodeJS.ProcessEnv = process.env,
): { config: Config; workers: number } {
  const workers = Number(opts.workers ?? '1');
  if (!Number.isInteger(workers) || workers < 1 || workers > 32)
    throw new Error(`--workers must be an integer from 1 to 32; got "${opts.workers}"`);
  return { config: loadConfig(opts.temporal ? { ...env, CLEARWAY_TEMPORAL: opts.temporal } : env), workers };
}

async function startStack(config: Config, workers: number) {
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

  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env };

    if (config.embeddedPostgres) {
      if (await isPortOpen(config.EMBEDDED_PG_PORT)) {
        throw new Error(
          `port ${config.EMBEDDED_PG_PORT} is taken: is another 'npm start' running? (EMBEDDED_PG_PORT)`,
        );
      }
      log(
        `starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data: ${path.join(config.dataDir, 'pg')})`,
      );
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(config.dataDir, 'pg'),
        port: config.EMBEDDED_PG_PORT,
      });
      services.push(pg);
      env.DATABASE_URL = pg.url;
    }

    const sink = await startDevMailSink(config, env, log);
    if (sink) services.push(sink);

    const pool = createPool(env.DATABASE_URL ?? config.databaseUrl, 2);
    await migrate(pool, log);
    log(await loadStartupReference(pool, config, log));
    log(await loadDemoRiskProfiles(pool));
    await pool.end();

    let uiUrl: string | undefined;
    if (config.embeddedTemporal) {
      if (await isPortOpen(config.TEMPORAL_DEV_PORT)) {
        throw new Error(
          `port ${config.TEMPORAL_DEV_PORT} is taken: is another 'npm start' running? (TEMPORAL_DEV_PORT)`,
        );
      }
      const temporal = await startEmbeddedTemporal(config, env.DATABASE_URL ?? config.databaseUrl, log);
      services.push(temporal);
      uiUrl = temporal.uiUrl;
      env.TEMPORAL_ADDRESS = temporal.address;
    }

    const s3 = await startEmbeddedS3(config, log);
    if (s3) services.push(s3);
    Object.assign(env, s3?.env);

    const dist = path.resolve(__dirname, '..', '..');
    for (let i = 1; i <= workers; i++) {
      // Each worker's metrics listener on its own port: the given one, then the ports after it.
      const metricsPort = config.CLEARWAY_WORKER_METRICS_PORT;
      const workerEnv = metricsPort
        ? { ...env, CLEARWAY_WORKER_METRICS_PORT: String(metricsPort + i - 1) }
        : env;
      services.push(
        child(
          workers > 1 ? `worker-${i}` : 'worker',
          spawnNode(path.join(dist, 'worker', 'main.js'), workerEnv),
        ),
      );
    }
    const api = spawnNode(path.join(dist, 'api', 'main.js'), env);
    services.push(child('api', api));
    await waitForPort(config.PORT, 60_000, 'API', api);

    const secret = resolveAuthSecret(config);
    const supervisor = mintToken(
      secret,
      { sub: 'supervisor@dev', role: 'supervisor', countries: DEMO_COUNTRIES },
      config.CLEARWAY_TOKEN_TTL,
      config.CLEARWAY_TOKEN_MAX_TTL,
    );
    const base = `http://127.0.0.1:${config.PORT}`;
    console.log(
      [
        '',
        'Clearway is up.',
        `  API            ${base}   (health: ${base}/health)`,
        `  Temporal       ${config.temporalAddress}   namespace ${config.TEMPORAL_NAMESPACE}   (${temporalKind(config)})`,
        `  Workers        ${workers} process${workers > 1 ? 'es' : ''} on task queue ${config.TEMPORAL_TASK_QUEUE}`,
        uiUrl ? `  Temporal UI    ${uiUrl}` : undefined,
        `  PostgreSQL     ${config.embeddedPostgres ? `embedded, 127.0.0.1:${config.EMBEDDED_PG_PORT}` : 'DATABASE_URL'}`,
        '',
        `  Supervisor token (${DEMO_COUNTRIES.join(', ')}; ${config.CLEARWAY_TOKEN_TTL}):`,
        `  ${supervisor}`,
        '',
        '  Other roles: bin/clearway token --role clearance-system --country KZ (also treasury, officer, ...)',
        '  Ctrl-C stops everything; data stays in ' + config.dataDir,
        '',
      ]
        .filter((l) => l !== undefined)
        .join('\n'),
    );
    api.on('exit', (code) => {
      if (!stopping) {
        log(`api exited (${code}); stopping the stack`);
        void stopAll(1);
      }
    });
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    await stopAll(1);
  }
}

function temporalKind(config: Config): string {
  if (!config.embeddedTemporal) return 'TEMPORAL_ADDRESS';
  return config.CLEARWAY_TEMPORAL === 'server'
    ? `Temporal server on PostgreSQL, ${config.TEMPORAL_HISTORY_SHARDS} shards`
    : 'dev server, SQLite';
}

/** The dev server on SQLite, or the Temporal server on the stack's PostgreSQL (built on first use). */
export async function startEmbeddedTemporal(
  config: Config,
  databaseUrl: string,
  log: (msg: string) => void,
): Promise<Service & { address: string; uiUrl?: string }> {
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
