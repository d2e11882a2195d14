import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { loadStartupReference } from '../../activities/reference';
import { loadDemoRiskProfiles } from '../../activities/risk';
import { REPO_ROOT, freePort, startEmbeddedPostgres, startTemporalDevServer, type Service } from '../../scripts/services';
import { ensureWorkflowBundle } from './bundle';

/**
 * Global setup of the integration and e2e tests: the real services, once per jest run. A Temporal
 * dev server (in memory) and embedded PostgreSQL, unless TEMPORAL_ADDRESS / DATABASE_URL point at
 * existing ones; then a fresh database for this run, migrated.
 */
export default async function stackSetup() {
  await ensureWorkflowBundle();
  const services: Service[] = [];
  (globalThis as { __clearwayServices?: Service[] }).__clearwayServices = services;
  process.env.CLEARWAY_AUTH_SECRET ??= crypto.randomBytes(32).toString('hex');
  process.env.CLEARWAY_PAYLOAD_KEY ??= crypto.randomBytes(32).toString('base64');

  if (!process.env.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({
      port: await freePort(),
      namespace: 'default',
      logFile: path.join(REPO_ROOT, '.data', 'test', 'temporal.log'),
    });
    services.push(temporal);
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }

  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = path.join(REPO_ROOT, '.data', 'test', `pg-${process.pid}`);
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    services.push({
      name: 'postgres',
      stop: async () => {
        await pg.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
    adminUrl = pg.url;
  }
  const dbName = `clearway_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  process.env.CLEARWAY_TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.CLEARWAY_TEST_DATABASE = dbName;
  process.env.DATABASE_URL = url.toString();

  const pool = createPool(process.env.DATABASE_URL, 1);
  await migrate(pool);
  await loadStartupReference(pool, {});
  await loadDemoRiskProfiles(pool);
  await pool.end();
}
