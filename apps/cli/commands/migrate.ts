import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { createPool } from '../../../activities/db/pool';
import { migrate } from '../../../activities/db/migrate';

export function register(program: Command) {
  program
    .command('migrate')
    .description('apply pending SQL migrations to DATABASE_URL (or the embedded database, when running)')
    .action(async () => {
      const pool = createPool(loadConfig().databaseUrl, 1);
      try {
        const applied = await migrate(pool, (m) => console.log(m));
        console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
      } finally {
        await pool.end();
      }
    });
}
