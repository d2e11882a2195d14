import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { resolveAuthSecret } from '../../../config/secrets';
import { mintToken, ROLES, type Role } from '../../api/auth/tokens';

const collect = (v: string, prev: string[]) => [...prev, ...v.split(',').map((s) => s.trim().toUpperCase())];

/** `clearway token --role supervisor --country KZ`: a bearer token for the dev stack. */
export function register(program: Command) {
  program
    .command('token')
    .description('mint a bearer token signed with the configured secret (dev stack: .data/auth-secret)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--country <CC>', 'country in scope (repeat or comma-separate for several)', collect, [])
    .option(
      '--office <code>',
      'limit the scope to an office (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--sub <name>', 'subject (user or system name)')
    .option('--ttl <duration>', 'lifetime, e.g. 8h or 30m (at most CLEARWAY_TOKEN_MAX_TTL, 24h by default)')
    .action((opts: { role: string; country: string[]; office: string[]; sub?: string; ttl?: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        throw new Error(`--role must be one of ${ROLES.join(', ')}; got "${opts.role}"`);
      }
      const config = loadConfig();
      const token = mintToken(
        resolveAuthSecret(config),
        {
          sub: opts.sub ?? `${opts.role}@dev`,
          role: opts.role as Role,
          countries: opts.country,
          offices: opts.office.length ? opts.office : undefined,
        },
        opts.ttl ?? config.CLEARWAY_TOKEN_TTL,
        config.CLEARWAY_TOKEN_MAX_TTL,
      );
      process.stdout.write(token + '\n');
    });
}
