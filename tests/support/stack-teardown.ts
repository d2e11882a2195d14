import { Client } from 'pg';
import type { Service } from '../../scripts/services';

export default async function stackTeardown() {
  const admin = process.env.CLEARWAY_TEST_ADMIN_DATABASE_URL;
  const db = process.env.CLEARWAY_TEST_DATABASE;
  if (admin && db) {
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await c.end();
  }
  const services = (globalThis as { __clearwayServices?: Service[] }).__clearwayServices ?? [];
  for (const s of [...services].reverse()) await s.stop();
}
