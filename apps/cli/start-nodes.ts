import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/env';
import { resolveAuthSecret } from '../../config/secrets';
import { mintToken } from '../api/auth/tokens';
import { isPortOpen, waitForPort } from '../../scripts/services';
import { planNodes, provisionNode, type NodePlan } from '../../scripts/nodes';
import { child, devStack, spawnNode, startDevPostgres, startDevTemporal } from './stack';
import { startDevMailSink } from './mail-sink';
import { startEmbeddedS3 } from './embedded-s3';

/**
 * `clearway start --nodes KZ,CN`: a node per administration on one machine (scripts/nodes.ts). One
 * embedded PostgreSQL and one Temporal server (dev or, with `--temporal server`, on PostgreSQL); per
 * node a database, a namespace, a worker and an API on its own port (PORT, PORT+1, ...). Ctrl-C stops
 * every process in reverse order; the next start finds every node's cases again.
 */
export async function startNodes(config: Config, list: string): Promise<void> {
  const stack = devStack();
  const { log } = stack;
  await stack.run(async () => {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env };
    let databaseUrl = config.databaseUrl;
    if (config.embeddedPostgres) {
      const pg = await startDevPostgres(config, log);
      stack.add(pg);
      databaseUrl = pg.url;
    }
    // One SMTP sink serves every node: their offices' and supervisors' mail in one place.
    stack.add(await startDevMailSink(config, env, log));
    const nodes = planNodes(list, {
      databaseUrl,
      port: config.PORT,
      dataDir: config.dataDir,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    });
    for (const n of nodes)
      if (await isPortOpen(n.port))
        throw new Error(`port ${n.port} (API of the ${n.administration} node) is taken`);
    let uiUrl: string | undefined;
    if (config.embeddedTemporal) {
      const temporal = await startDevTemporal(config, databaseUrl, log);
      stack.add(temporal);
      uiUrl = temporal.uiUrl;
      env.TEMPORAL_ADDRESS = temporal.address;
    }
    const temporalAddress = env.TEMPORAL_ADDRESS ?? config.temporalAddress;
    const s3 = await startEmbeddedS3(config, log);
    stack.add(s3);
    Object.assign(env, s3?.env);

    const dist = path.resolve(__dirname, '..');
    const metricsPort = config.CLEARWAY_WORKER_METRICS_PORT;
    for (const [i, n] of nodes.entries()) {
      log(`node ${n.administration}: database ${n.database}, namespace ${n.namespace}`);
      await provisionNode(n, {
        temporalAddress,
        hsFile: config.CLEARWAY_HS_FILE,
        log: (l) => log(`  ${n.administration}: ${l}`),
      });
      const nodeEnv = {
        ...env,
        ...n.env,
        ...(metricsPort ? { CLEARWAY_WORKER_METRICS_PORT: String(metricsPort + i) } : {}),
        // One bucket, a folder per node, when the nodes archive to S3.
        ...(config.CLEARWAY_ARCHIVE_STORE === 's3'
          ? {
              CLEARWAY_ARCHIVE_S3_PREFIX: `${config.CLEARWAY_ARCHIVE_S3_PREFIX}${n.administration.toLowerCase()}/`,
            }
          : {}),
      };
      stack.add(
        child(`worker-${n.administration}`, spawnNode(path.join(dist, 'worker', 'main.js'), nodeEnv)),
      );
      const api = spawnNode(path.join(dist, 'api', 'main.js'), nodeEnv);
      stack.add(child(`api-${n.administration}`, api));
      stack.stopOnExit(api, `api of the ${n.administration} node`);
      await waitForPort(n.port, 60_000, `API of the ${n.administration} node`, api);
    }
    console.log(summary(config, nodes, temporalAddress, uiUrl));
  });
}

/** The nodes' addresses and a supervisor token for each (each node has its own signing secret). */
function summary(config: Config, nodes: NodePlan[], temporalAddress: string, uiUrl?: string): string {
  const rows = nodes.map((n) => {
    const nodeConfig = loadConfig({ ...process.env, ...n.env });
    const token = mintToken(
      resolveAuthSecret(nodeConfig),
      {
        sub: `supervisor@${n.administration.toLowerCase()}`,
        role: 'supervisor',
        countries: [n.administration],
      },
      config.CLEARWAY_TOKEN_TTL,
      config.CLEARWAY_TOKEN_MAX_TTL,
    );
    return [
      `  ${n.administration}  API http://127.0.0.1:${n.port}   namespace ${n.namespace}   task queue ${n.taskQueue}   database ${n.database}`,
      `      supervisor token: ${token}`,
      `      other tokens: CLEARWAY_DATA_DIR=${path.relative(process.cwd(), n.dataDir) || n.dataDir} bin/clearway token --role clearance-system --country ${n.administration}`,
    ].join('\n');
  });
  return [
    '',
    `Clearway is up: ${nodes.length} node${nodes.length > 1 ? 's' : ''}, one per administration.`,
    ...rows,
    `  Temporal       ${temporalAddress}${uiUrl ? `   UI ${uiUrl}` : ''}`,
    `  PostgreSQL     ${config.embeddedPostgres ? `embedded, 127.0.0.1:${config.EMBEDDED_PG_PORT}` : 'DATABASE_URL'}`,
    '  Ctrl-C stops everything; data stays in ' + config.dataDir,
    '',
  ].join('\n');
}
