import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './env';

/**
 * The JWT signing secret. Given by CLEARWAY_AUTH_SECRET in any real deployment (required in
 * production); on the dev stack a random one is generated once into the data directory (mode 0600)
 * so tokens minted by `clearway token` keep working across restarts. Never logged, never in git.
 */
export function resolveAuthSecret(config: Config): string {
  if (config.CLEARWAY_AUTH_SECRET) return config.CLEARWAY_AUTH_SECRET;
  const file = path.join(config.dataDir, 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
