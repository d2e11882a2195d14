import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { resolveAuthSecret } from '../../config/secrets';
import { createPool } from '../../activities/db/pool';
import { migrate } from '../../activities/db/migrate';
import { temporalTls } from '../../config/temporal';
import { createApi } from './app';
import { dataConverterFor } from '../shared/payload-codec';

async function main() {
  const config = loadConfig();
  const pool = createPool(config.databaseUrl);
  await migrate(pool);
  const connection = await Connection.connect({ address: config.temporalAddress, tls: temporalTls(config) });
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config),
  });
  const app = await createApi({ config, client, pool, authSecret: resolveAuthSecret(config) });
  await app.listen(config.PORT, '0.0.0.0');
  console.log(`[api] listening on http://127.0.0.1:${config.PORT}`);
  const stop = async () => {
    await app.close();
    await connection.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error('[api]', err instanceof Error ? err.message : err);
  process.exit(1);
});
