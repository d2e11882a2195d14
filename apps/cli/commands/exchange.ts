import { servedBy } from '../../../config/administrations';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { createPool } from '../../../activities/db/pool';
import { verifyChains } from '../../../activities/exchange/log';
import { loadExchangeTrust } from '../../../activities/exchange/trust';

/**
 * `clearway exchange keys`: this node's public signing keys, as partner directory entries take them
 * (docs/exchange.md). `clearway exchange verify [--partner CC]`: walks the exchange log's hash
 * chains and names the first break; exit code 1 when there is one.
 */
export function register(program: Command) {
  const exchange = program.command('exchange').description('the signed exchange between administrations');
  exchange
    .command('keys')
    .description(
      "print this node's public signing keys (JWK, with kid and validity) for partners' directories",
    )
    .action(() => {
      const config = loadConfig();
      const { keys } = loadExchangeTrust(config, [...servedBy(config)]);
      process.stdout.write(JSON.stringify({ administrations: keys.publicKeys() }, null, 2) + '\n');
    });
  exchange
    .command('verify')
    .description('verify the exchange log: each partner’s hash chain from its first row')
    .option('--partner <CC>', 'one partner administration only')
    .action(async (opts: { partner?: string }) => {
      const pool = createPool(loadConfig().databaseUrl, 1);
      try {
        const reports = await verifyChains(pool, opts.partner?.toUpperCase());
        for (const r of reports)
          console.log(
            r.firstBreak
              ? `${r.partner}: BROKEN at row ${r.firstBreak.seq}: ${r.firstBreak.reason} (${r.rows} rows verified before it)`
              : `${r.partner}: ${r.rows} rows, chain intact`,
          );
        if (!reports.length) console.log('the exchange log is empty');
        if (reports.some((r) => r.firstBreak)) process.exitCode = 1;
      } finally {
        await pool.end();
      }
    });
}
