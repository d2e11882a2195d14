import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/env';
import { resolveAuthSecret } from '../../config/secrets';
import { mintToken } from '../api/auth/tokens';
import { isPortOpen, startEmbeddedPostgres, waitForPort, type Service } from '../../scripts/services';
import { planNodes, provisionNode, type NodePlan } from '../../scripts/nodes';
import { child, spawnNode, startEmbeddedTemporal } from './commands/start';
import { startEmbeddedS3 } from './embedded-s3';

/**
 * `clearway start --nodes KZ,CN`: a node per administration on one machine (scripts/nodes.ts). One
 * embedded PostgreSQL and one Temporal server (dev or, with `--temporal server`, on PostgreSQL); per
 * node a database, a namespace, a worker and an API on its own port (PORT, PORT+1, ...). Ctrl-C stops
 * every process in reverse order; the next start finds every node's cases again.
 */
export async function startNodes(config: Config, list: string): Promise<void> {
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
    let databaseUrl = config.databaseUrl;
    if (config.embeddedPostgres) {
      if (await isPortOpen(config.EMBEDDED_PG_PORT))
        throw new Error(
          `port ${config.EMBEDDED_PG_PORT} is taken: is another 'npm start' running? (EMBEDDED_PG_PORT)`,
        );
      log(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}`);
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(config.dataDir, 'pg'),
        port: config.EMBEDDED_PG_PORT,
      });
      services.push(pg);
      databaseUrl = pg.url;
    }
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
      if (await isPortOpen(config.TEMPORAL_DEV_PORT))
        throw new Error(
          `port ${config.TEMPORAL_DEV_PORT} is taken: is another 'npm start' running? (TEMPORAL_DEV_PORT)`,
        );
      const temporal = await startEmbeddedTemporal(config, databaseUrl, log);
      services.push(temporal);
      uiUrl = temporal.uiUrl;
      env.TEMPORAL_ADDRESS = temporal.address;
    }
    const temporalAddress = env.TEMPORAL_ADDRESS ?? config.temporalAddress;
    const s3 = await startEmbeddedS3(config, log);
    if (s3) services.push(s3);
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
      services.push(
        child(`worker-${n.administration}`, spawnNode(path.join(dist, 'worker', 'main.js'), nodeEnv)),
      );
      const api = spawnNode(path.join(dist, 'api', 'main.js'), nodeEnv);
      services.push(child(`api-${n.administration}`, api));
      api.on('exit', (code) => {
        if (!stopping) {
          log(`api of the ${n.administration} node exited (${code}); stopping the stack`);
          void stopAll(1);
        }
      });
      await waitForPort(n.port, 60_000, `API of the ${n.administration} node`, api);
    }
    console.log(summary(config, nodes, temporalAddress, uiUrl));
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    await stopAll(1);
  }
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
