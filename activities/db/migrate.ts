import fs from 'node:fs';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import { REPO_ROOT } from '../../config/paths';

/**
 * Applies `migrations/*.sql` in file-name order with umzug, each file once and in its own
 * transaction. A PostgreSQL advisory lock serialises concurrent runners (API, worker and CLI may
 * all start at once against the same database).
 */
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'migrations');
const LOCK_KEY = 4_201_977; // arbitrary, stable: "clearway migrations"

class PgStorage implements UmzugStorage<PoolClient> {
  async logMigration({ name, context }: { name: string; context: PoolClient }) {
    await context.query('INSERT INTO schema_migrations(name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
  }
  async unlogMigration({ name, context }: { name: string; context: PoolClient }) {
    await context.query('DELETE FROM schema_migrations WHERE name = $1', [name]);
  }
  async executed({ context }: { context: PoolClient }) {
    const res = await context.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    return res.rows.map((r) => r.name);
  }
}

export async function migrate(pool: Pool, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const umzug = new Umzug<PoolClient>({
      context: client,
      storage: new PgStorage(),
      logger: undefined,
      migrations: {
        glob: ['*.sql', { cwd: MIGRATIONS_DIR }],
        resolve: ({ name, path: file, context }) => ({
          name,
          up: async () => {
            const sql = fs.readFileSync(file!, 'utf8');
            await context.query('BEGIN');
            try {
              await context.query(sql);
              await context.query('COMMIT');
            } catch (err) {
              await context.query('ROLLBACK');
              throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
            }
          },
        }),
      },
    });
    const applied = await umzug.up();
    for (const m of applied) log(`applied migration ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
