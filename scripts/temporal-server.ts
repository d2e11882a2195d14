import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  SERVER_GOGC,
  TEMPORAL_DATABASES,
  checkShardCount,
  dynamicConfig,
  pgTargetFromUrl,
  schemaSteps,
  serverConfig,
  serverPortsFor,
  sqlToolArgs,
  type TemporalServerPorts,
  MAX_MEMBERSHIP_PORT,
} from '../config/temporal-server';
import { uiConfig } from '../config/temporal-ui';
import { toYaml } from '../config/yaml';
import { ensureNamespace } from './temporal-namespace';
import { freePort, stopChild, toolPath, waitForPort, type Service } from './services';

/**
 * The production-mode Temporal server on PostgreSQL (CLEARWAY_TEMPORAL=server), built by
 * `scripts/ensure.sh --temporal-server`: databases and schemas, config files, the process, the
 * namespace and search attributes, and the Temporal UI server. Used by `clearway start`, the jest
 * global setup and the bench/fault stacks, like startTemporalDevServer for the dev server.
 */
export interface TemporalServerOptions {
  /** Frontend gRPC port; the other ports follow it (serverPortsFor) unless `ports` is given. */
  port: number;
  ports?: TemporalServerPorts;
  /** Temporal UI port; omitted -> no UI. */
  uiPort?: number;
  /** The UI's remote codec (the API's /codec). */
  uiCodecEndpoint?: string;
  /** Any database on the PostgreSQL that will hold Temporal's two databases (created when missing). */
  databaseUrl: string;
  /** Config files, and the log unless `logFile` says otherwise. */
  dir: string;
  namespace: string;
  shards: number;
  partitions: number;
  logFile?: string;
  log?: (line: string) => void;
}

export const SERVER_BINARIES = ['temporal-server', 'temporal-sql-tool'] as const;

/**
 * Nine distinct free loopback ports, for a server beside others (tests, benchmarks). Membership
 * ports are stored as PostgreSQL smallint (cluster_membership), so they are drawn below 32768,
 * where the OS never hands out ephemeral ports.
 */
export async function freeServerPorts(): Promise<TemporalServerPorts> {
  const taken = new Set<number>();
  const any = async () => {
    for (;;) {
      const p = await freePort();
      if (!taken.has(p)) {
        taken.add(p);
        return p;
      }
    }
  };
  const membership = async () => {
    for (;;) {
      const wanted = 10_000 + Math.floor(Math.random() * (MAX_MEMBERSHIP_PORT - 10_000));
      if (!taken.has(wanted) && (await freePort(wanted))) {
        taken.add(wanted);
        return wanted;
      }
    }
  };
  return {
    frontend: await any(),
    frontendHttp: await any(),
    frontendMembership: await membership(),
    history: await any(),
    historyMembership: await membership(),
    matching: await any(),
    matchingMembership: await membership(),
    worker: await any(),
    workerMembership: await membership(),
  };
}

export function serverBinariesPresent(withUi = false): boolean {
  return [...SERVER_BINARIES, ...(withUi ? ['temporal-ui-server'] : [])].every((b) =>
    fs.existsSync(toolPath(b)),
  );
}

export async function startTemporalServer(
  opts: TemporalServerOptions,
): Promise<Service & { address: string; uiUrl?: string; pid?: number }> {
  const log = opts.log ?? (() => undefined);
  for (const b of SERVER_BINARIES) {
    if (!fs.existsSync(toolPath(b)))
      throw new Error(`${b} not found in .tools/bin: run scripts/ensure.sh --temporal-server`);
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  const ports = opts.ports ?? serverPortsFor(opts.port);
  const pg = pgTargetFromUrl(opts.databaseUrl);

  await prepareDatabases(opts.databaseUrl, opts.shards, log);

  const dynamicFile = path.join(opts.dir, 'dynamicconfig.yaml');
  const configFile = path.join(opts.dir, 'config.yaml');
  fs.writeFileSync(dynamicFile, toYaml(dynamicConfig({ partitions: opts.partitions })));
  fs.writeFileSync(
    configFile,
    toYaml(
      serverConfig({ shards: opts.shards, ports, pg, dynamicConfigFile: dynamicFile, loopbackOnly: true }),
    ),
    { mode: 0o600 },
  );

  const logFile = opts.logFile ?? path.join(opts.dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  // Own process group, as the dev server: `clearway start` stops it after the worker has drained.
  const child = spawn(toolPath('temporal-server'), ['--config-file', configFile, 'start'], {
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, GOGC: process.env.GOGC || SERVER_GOGC },
  });
  fs.closeSync(out);
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const address = `127.0.0.1:${ports.frontend}`;
  const services: Service[] = [{ name: 'temporal', stop: () => stopChild(child, 20_000) }];
  const stopAll = async () => {
    for (const s of [...services].reverse()) await s.stop();
  };
  try {
    await waitForPort(ports.frontend, 120_000, `Temporal server (log: ${logFile})`, child);
    await ensureNamespace(address, opts.namespace, log);
    let uiUrl: string | undefined;
    if (opts.uiPort) {
      const ui = await startUi(opts.dir, address, opts.uiPort, opts.namespace, opts.uiCodecEndpoint);
      if (ui) {
        services.push(ui);
        uiUrl = `http://127.0.0.1:${opts.uiPort}`;
      } else
        log('Temporal UI server not built (scripts/ensure.sh --temporal-server): running without the UI');
    }
    return { name: 'temporal', address, uiUrl, pid: child.pid, stop: stopAll };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

/**
 * Creates `temporal` and `temporal_visibility` when missing and brings their schemas to the version
 * the built server carries. Also records the shard count on the database (a comment), because the
 * count cannot change for the life of the database and the server's own refusal is obscure.
 */
async function prepareDatabases(adminUrl: string, shards: number, log: (line: string) => void) {
  const pg = pgTargetFromUrl(adminUrl);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const fresh: Record<string, boolean> = {};
  try {
    for (const [which, db] of Object.entries(TEMPORAL_DATABASES)) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
      if (exists.rowCount === 0) {
        log(`creating database ${db.name}`);
        await admin.query(`CREATE DATABASE ${db.name}`);
      }
      const url = new URL(adminUrl);
      url.pathname = `/${db.name}`;
      const c = new Client({ connectionString: url.toString() });
      await c.connect();
      try {
        const r = await c.query<{ t: string | null }>(
          `SELECT to_regclass('public.schema_version')::text AS t`,
        );
        fresh[which] = r.rows[0].t === null;
      } finally {
        await c.end();
      }
    }
    const comment = await admin.query<{ c: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1`,
      [TEMPORAL_DATABASES.default.name],
    );
    const recorded = /numHistoryShards=(\d+)/.exec(comment.rows[0]?.c ?? '')?.[1];
    const problem = checkShardCount(recorded ? Number(recorded) : undefined, shards);
    if (problem) throw new Error(problem);
    if (!recorded && fresh.default) {
      // Not the owner of the database: the check is lost, not the start.
      await admin
        .query(
          `COMMENT ON DATABASE ${TEMPORAL_DATABASES.default.name} IS 'clearway: numHistoryShards=${shards}'`,
        )
        .catch(() => undefined);
    }
  } finally {
    await admin.end();
  }
  for (const which of Object.keys(TEMPORAL_DATABASES) as (keyof typeof TEMPORAL_DATABASES)[]) {
    const db = TEMPORAL_DATABASES[which].name;
    for (const step of schemaSteps(which, fresh[which])) {
      log(`${db}: ${step.join(' ')}`);
      await runSqlTool([...sqlToolArgs(pg, db), ...step], pg.password);
    }
  }
}

function runSqlTool(args: string[], password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath('temporal-sql-tool'), args, {
      env: { ...process.env, SQL_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `temporal-sql-tool ${args.join(' ')} exited with ${code}:\n${output.trim().split('\n').slice(-10).join('\n')}`,
            ),
          ),
    );
  });
}

async function startUi(
  dir: string,
  address: string,
  port: number,
  namespace: string,
  codecEndpoint?: string,
): Promise<Service | undefined> {
  const bin = toolPath('temporal-ui-server');
  if (!fs.existsSync(bin)) return undefined;
  const root = path.join(dir, 'ui');
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'config', 'clearway.yaml'),
    toYaml(uiConfig({ temporalAddress: address, port, namespace, loopbackOnly: true, codecEndpoint })),
  );
  const out = fs.openSync(path.join(dir, 'ui.log'), 'a');
  const child = spawn(bin, ['--root', root, '--config', 'config', '--env', 'clearway', 'start'], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  await waitForPort(port, 30_000, 'Temporal UI server', child);
  return { name: 'temporal-ui', stop: () => stopChild(child) };
}
