import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { temporalTls } from '../../../config/temporal';
import { ensureNamespace } from '../../../scripts/temporal-namespace';

/**
 * `clearway temporal-setup`: the namespace and Clearway's search attributes on TEMPORAL_ADDRESS,
 * idempotently. `clearway start` does this itself for the server it starts; this is for a server
 * Clearway does not start (docker-compose.yml, an existing cluster).
 */
export function register(program: Command) {
  program
    .command('temporal-setup')
    .description('create the namespace and register the search attributes on TEMPORAL_ADDRESS (idempotent)')
    .action(async () => {
      const config = loadConfig();
      await ensureNamespace(
        config.temporalAddress,
        config.TEMPORAL_NAMESPACE,
        (l) => console.log(`[temporal-setup] ${l}`),
        { tls: temporalTls(config) },
      );
      console.log(
        `[temporal-setup] namespace ${config.TEMPORAL_NAMESPACE} on ${config.temporalAddress} is ready`,
      );
    });
}
