import { Pool, types } from 'pg';

// NUMERIC stays a string end to end: money is decimal, never a JS float.
types.setTypeParser(types.builtins.NUMERIC, (v) => v);

export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: 'clearway' });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
