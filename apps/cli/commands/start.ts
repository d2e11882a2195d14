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
import { waitForPort } from '../../../scripts/services';
import { child, devStack, spawnNode, startDevPostgres, startDevTemporal } from '../stack';
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
  const stack = devStack();
  const { log } = stack;
  await stack.run(async () => {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env };

    if (config.embeddedPostgres) {
      const pg = await startDevPostgres(config, log);
      stack.add(pg);
      env.DATABASE_URL = pg.url;
    }

    stack.add(await startDevMailSink(config, env, log));

    const pool = createPool(env.DATABASE_URL ?? config.databaseUrl, 2);
    await migrate(pool, log);
    log(await loadStartupReference(pool, config, log));
    log(await loadDemoRiskProfiles(pool));
    await pool.end();

    let uiUrl: string | undefined;
    if (config.embeddedTemporal) {
      const temporal = await startDevTemporal(config, env.DATABASE_URL ?? config.databaseUrl, log);
      stack.add(temporal);
      uiUrl = temporal.uiUrl;
      env.TEMPORAL_ADDRESS = temporal.address;
    }

    const s3 = await startEmbeddedS3(config, log);
    stack.add(s3);
    Object.assign(env, s3?.env);

    const dist = path.resolve(__dirname, '..', '..');
    for (let i = 1; i <= workers; i++) {
      // Each worker's metrics listener on its own port: the given one, then the ports after it.
      const metricsPort = config.CLEARWAY_WORKER_METRICS_PORT;
      const workerEnv = metricsPort
        ? { ...env, CLEARWAY_WORKER_METRICS_PORT: String(metricsPort + i - 1) }
        : env;
      stack.add(
        child(
          workers > 1 ? `worker-${i}` : 'worker',
          spawnNode(path.join(dist, 'worker', 'main.js'), workerEnv),
        ),
      );
    }
    const api = spawnNode(path.join(dist, 'api', 'main.js'), env);
    stack.add(child('api', api));
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
    stack.stopOnExit(api, 'api');
  });
}

function temporalKind(config: Config): string {
  if (!config.embeddedTemporal) return 'TEMPORAL_ADDRESS';
  return config.CLEARWAY_TEMPORAL === 'server'
    ? `Temporal server on PostgreSQL, ${config.TEMPORAL_HISTORY_SHARDS} shards`
    : 'dev server, SQLite';
}
