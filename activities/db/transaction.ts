import type { Pool, PoolClient } from 'pg';

export type Db = Pool | PoolClient;

function isPool(db: Db): db is Pool {
  return typeof (db as Pool).totalCount === 'number';
}

/**
 * Runs `fn` in one transaction: on a client taken from the pool (and given back), or on the client
 * passed in. Rolled back on any error, which is then rethrown.
 */
export async function inTransaction<T>(db: Db, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = isPool(db) ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    if (isPool(db)) client.release();
  }
}
