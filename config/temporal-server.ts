/**
 * The production-mode Temporal server (CLEARWAY_TEMPORAL=server): its static config, dynamic config,
 * ports and SQL-tool arguments, as pure functions (the UI server's config: config/temporal-ui.ts).
 * `clearway start`, the test and bench stacks and the committed compose files (deploy/temporal/) are
 * all generated from here, so what runs on a laptop is what compose deploys. Facts behind the
 * values: docs/decisions.md.
 */

/** Temporal's two databases; the SQL tool's embedded schema directory for each. */
/**
 * The server's Go GC target (GOGC) unless the environment sets one: at 200 the collector runs half
 * as often as at Go's 100. In a CPU profile under bench:e2e the collector took about a tenth of the
 * server's CPU; the price is a larger heap between collections (docs/decisions.md, issue 18).
 */
export const SERVER_GOGC = '200';

export const TEMPORAL_DATABASES = {
  default: { name: 'temporal', schema: 'postgresql/v12/temporal' },
  visibility: { name: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
} as const;

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Membership ports land in a PostgreSQL smallint column (cluster_membership.rpc_port). */
export const MAX_MEMBERSHIP_PORT = 32_767;

/**
 * Temporal's customary layout around the frontend port (7233: history 7234, matching 7235, worker
 * 7239, HTTP 7243, membership 6933...), shifted with it, so a second stack on another frontend port
 * does not collide with the first.
 */
export function serverPortsFor(frontend: number): TemporalServerPorts {
  const p = (offset: number) => {
    const port = frontend + offset;
    if (port < 1 || port > 65535)
      throw new Error(`Temporal frontend port ${frontend} leaves no room for port offset ${offset}`);
    return port;
  };
  return {
    frontend,
    frontendHttp: p(10),
    frontendMembership: p(-300),
    history: p(1),
    historyMembership: p(-299),
    matching: p(2),
    matchingMembership: p(-298),
    worker: p(6),
    workerMembership: p(-294),
  };
}

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** sslmode=require (or verify-*) in the URL: the server and the SQL tool connect with TLS. */
  tls: boolean;
}

export function pgTargetFromUrl(url: string): PgTarget {
  const u = new URL(url);
  const mode = u.searchParams.get('sslmode') ?? '';
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    tls: ['require', 'verify-ca', 'verify-full'].includes(mode),
  };
}

/**
 * Mutual TLS on the frontend (compose): clients must present a certificate the CA signed. Paths
 * inside the server's container; `scripts/compose-certs.sh` generates the files.
 */
export interface FrontendTls {
  /** The CA that signs the server's and every client's certificate. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** The client certificate the server's own system worker presents to its frontend. */
  workerCertFile: string;
  workerKeyFile: string;
  /** A name in the server certificate (its SAN), checked by the server's internal clients. */
  serverName: string;
}

export interface ServerConfigInput {
  /** Fixed for the life of the database: the server refuses another count later. */
  shards: number;
  ports: TemporalServerPorts;
  pg: PgTarget;
  dynamicConfigFile: string;
  /** Loopback only (a laptop, CI); false binds every interface (a container). */
  loopbackOnly: boolean;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Connections per store; the history service holds most of them. */
  maxConns?: number;
  /** mTLS on the frontend; absent: plaintext (loopback only, the laptop and test stacks). */
  tls?: FrontendTls;
}

/**
 * The server's PostgreSQL driver: pgx caches each statement prepared per connection, where lib/pq
 * (`postgres12`) has PostgreSQL parse and plan every statement every time; about a third less
 * PostgreSQL CPU per declaration (docs/decisions.md, "CPU per green declaration"). The SQL tool
 * that applies the schemas keeps `postgres12`: both name the same schema.
 */
export const SERVER_SQL_PLUGIN = 'postgres12_pgx';

/** The server's static config (`server --config-file`), as a plain object for toYaml. */
export function serverConfig(i: ServerConfigInput) {
  const membership = [
    i.ports.frontendMembership,
    i.ports.historyMembership,
    i.ports.matchingMembership,
    i.ports.workerMembership,
  ];
  const tooHigh = membership.filter((p) => p > MAX_MEMBERSHIP_PORT);
  // The server would die at start with "value out of range for type smallint" from PostgreSQL.
  if (tooHigh.length)
    throw new Error(
      `Temporal membership ports must be at most ${MAX_MEMBERSHIP_PORT} (stored as smallint); got ${tooHigh.join(', ')}`,
    );
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: SERVER_SQL_PLUGIN,
      databaseName: database,
      connectAddr: `${i.pg.host}:${i.pg.port}`,
      connectProtocol: 'tcp',
      user: i.pg.user,
      password: i.pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
      ...(i.pg.tls ? { tls: { enabled: true, enableHostVerification: false } } : {}),
    },
  });
  // One process runs all four services; each still needs its own gRPC and membership port. Only the
  // frontend listens beyond loopback in a container: history, matching and the system worker have no
  // authentication of their own, and reach each other on 127.0.0.1 (the broadcast address).
  const rpc = (
    grpcPort: number,
    membershipPort: number,
    extra: Record<string, unknown> = {},
    publicFacing = false,
  ) => ({
    rpc: {
      grpcPort,
      membershipPort,
      ...(i.loopbackOnly || !publicFacing ? { bindOnLocalHost: true } : { bindOnIP: '0.0.0.0' }),
      ...extra,
    },
  });
  const maxConns = i.maxConns ?? 20;
  return {
    log: { stdout: true, level: i.logLevel ?? 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: i.shards,
      datastores: {
        default: store(TEMPORAL_DATABASES.default.name, maxConns),
        visibility: store(TEMPORAL_DATABASES.visibility.name, Math.max(2, Math.ceil(maxConns / 4))),
      },
    },
    global: {
      // Services find each other on loopback even in a container: they share the process.
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      ...(i.tls ? { tls: frontendTls(i.tls) } : {}),
    },
    services: {
      frontend: rpc(i.ports.frontend, i.ports.frontendMembership, { httpPort: i.ports.frontendHttp }, true),
      history: rpc(i.ports.history, i.ports.historyMembership),
      matching: rpc(i.ports.matching, i.ports.matchingMembership),
      worker: rpc(i.ports.worker, i.ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${i.ports.frontend}`,
          httpAddress: `127.0.0.1:${i.ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: i.dynamicConfigFile, pollInterval: '10s' },
  };
}

/** The server side requires a client certificate; the system worker presents its own. */
function frontendTls(t: FrontendTls) {
  const client = { serverName: t.serverName, rootCaFiles: [t.caFile] };
  return {
    frontend: {
      server: {
        certFile: t.certFile,
        keyFile: t.keyFile,
        requireClientAuth: true,
        clientCaFiles: [t.caFile],
      },
      client,
    },
    systemWorker: { certFile: t.workerCertFile, keyFile: t.workerKeyFile, client },
  };
}

export interface DynamicConfigInput {
  /** Task-queue partitions: 1 per worker process (the default 4 left a quarter of tasks waiting 5 s for one worker). */
  partitions: number;
  /** Per-namespace visibility requests/s (Temporal's default is 10). */
  visibilityRps?: number;
  /** Workflows held in the history cache (uncapped it grew to about 1 GiB after 12k workflows). */
  historyCacheMaxSize?: number;
}

export const DYNAMIC_DEFAULTS = { visibilityRps: 200, historyCacheMaxSize: 8192 } as const;

/** Dynamic config file contents: every key a list of constrained values; ours are unconstrained. */
export function dynamicConfig(i: DynamicConfigInput): Record<string, { value: unknown }[]> {
  const v = (value: unknown) => [{ value }];
  return {
    'matching.numTaskqueueReadPartitions': v(i.partitions),
    'matching.numTaskqueueWritePartitions': v(i.partitions),
    'frontend.namespaceRPS.visibility': v(i.visibilityRps ?? DYNAMIC_DEFAULTS.visibilityRps),
    'frontend.namespaceBurstRatio.visibility': v(2),
    'history.hostLevelCacheMaxSize': v(i.historyCacheMaxSize ?? DYNAMIC_DEFAULTS.historyCacheMaxSize),
  };
}

/** Global flags of the SQL tool; the password goes through SQL_PASSWORD, never the command line. */
export function sqlToolArgs(pg: PgTarget, database: string): string[] {
  return [
    '--plugin',
    'postgres12',
    '--ep',
    pg.host,
    '-p',
    String(pg.port),
    '-u',
    pg.user,
    '--db',
    database,
    ...(pg.tls ? ['--tls', '--tls-disable-host-verification'] : []),
  ];
}

/**
 * Schema steps for one database. `setup-schema -v 0.0` creates the version table and fails when it
 * exists, so it runs only on a fresh database; `update-schema` applies only the missing versions,
 * so it runs every start (a newer server build brings new versions).
 */
export function schemaSteps(which: keyof typeof TEMPORAL_DATABASES, fresh: boolean): string[][] {
  const steps: string[][] = [];
  if (fresh) steps.push(['setup-schema', '-v', '0.0']);
  steps.push(['update-schema', '-s', TEMPORAL_DATABASES[which].schema]);
  return steps;
}

/**
 * The shard count is fixed when the database is first set up. A different count later would make the
 * server refuse to start with a message about cluster metadata; say it in Clearway's terms instead.
 */
export function checkShardCount(recorded: number | undefined, configured: number): string | undefined {
  if (recorded === undefined || recorded === configured) return undefined;
  return (
    `TEMPORAL_HISTORY_SHARDS is ${configured} but Temporal's database was created with ${recorded} shards; ` +
    `the count is fixed for the life of the database (set it back to ${recorded}, or start on a new database)`
  );
}
