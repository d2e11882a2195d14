import path from 'node:path';
import { Client } from 'pg';
import { parseAdministrations } from '../config/administrations';
import { createPool } from '../activities/db/pool';
import { migrate } from '../activities/db/migrate';
import { loadStartupReference } from '../activities/reference';
import { loadDemoRiskProfiles } from '../activities/risk';
import { ensureNamespace } from './temporal-namespace';

/**
 * A node per administration on one machine (issue 15, point 1; `clearway start --nodes KZ,CN`): one
 * Temporal server with a namespace per node, one PostgreSQL with a database per node, an API port
 * per node, and per node a worker on its own namespace and task queue, with CLEARWAY_ADMINISTRATIONS
 * naming its administration and its own data directory (so its own dev secrets and payload key).
 * The plan and the provisioning are shared by `clearway start` and the tests (tests/e2e/nodes.test.ts).
 */
export interface NodePlan {
  administration: string;
  /** e.g. `clearway-kz` */
  namespace: string;
  taskQueue: string;
  database: string;
  databaseUrl: string;
  port: number;
  dataDir: string;
  /** The node's processes' environment over the base one. */
  env: NodeJS.ProcessEnv;
}

export interface NodesBase {
  /** A URL of the PostgreSQL server the node databases are created in (its database is not used). */
  databaseUrl: string;
  /** The first node's API port; the next ones follow it. */
  port: number;
  dataDir: string;
  /** `clearway` gives `clearway-kz` (namespace), `clearway_kz` (database), `clearance-kz` (task queue). */
  prefix?: string;
  taskQueue?: string;
}

/** `--nodes KZ,CN`: the codes checked against the region's, in the given order. */
export function planNodes(list: string, base: NodesBase): NodePlan[] {
  const prefix = base.prefix ?? 'clearway';
  return parseAdministrations(list).map((cc, i) => {
    const lc = cc.toLowerCase();
    const database = `${prefix.replace(/[^a-z0-9_]/gi, '_')}_${lc}`.toLowerCase();
    const url = new URL(base.databaseUrl);
    url.pathname = `/${database}`;
    const plan = {
      administration: cc,
      namespace: `${prefix}-${lc}`,
      taskQueue: `${base.taskQueue ?? 'clearance'}-${lc}`,
      database,
      databaseUrl: url.toString(),
      port: base.port + i,
      dataDir: path.join(base.dataDir, 'nodes', lc),
    };
    return {
      ...plan,
      env: {
        CLEARWAY_ADMINISTRATIONS: cc,
        TEMPORAL_NAMESPACE: plan.namespace,
        TEMPORAL_TASK_QUEUE: plan.taskQueue,
        DATABASE_URL: plan.databaseUrl,
        PORT: String(plan.port),
        CLEARWAY_DATA_DIR: plan.dataDir,
      },
    };
  });
}

/**
 * Makes a node's database (created when missing, migrated, reference data and demo risk profiles
 * loaded) and its namespace with Clearway's search attributes. Idempotent: a second start finds them.
 */
export async function provisionNode(
  node: NodePlan,
  opts: { temporalAddress: string; hsFile?: string; log?: (line: string) => void },
): Promise<void> {
  const log = opts.log ?? (() => undefined);
  const adminUrl = new URL(node.databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [node.database]);
    if (!exists.rowCount) {
      await admin.query(`CREATE DATABASE ${node.database}`);
      log(`database ${node.database} created`);
    }
  } finally {
    await admin.end();
  }
  const pool = createPool(node.databaseUrl, 2);
  try {
    await migrate(pool, log);
    log(await loadStartupReference(pool, { CLEARWAY_HS_FILE: opts.hsFile }, log));
    log(await loadDemoRiskProfiles(pool));
  } finally {
    await pool.end();
  }
  await ensureNamespace(opts.temporalAddress, node.namespace, log);
}
