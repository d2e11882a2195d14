import { Pool, types } from 'pg';

// NUMERIC stays a string end to end: money is decimal, never a JS float.
types.setTypeParser(types.builtins.NUMERIC, (v) => v);

export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: 'clearway' });
  // A client losing its connection (database restart or outage) must not crash the process: idle
  // clients report through the pool, checked-out ones through their own 'error' event; the query in
  // flight still fails, and the activity or request retries.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
