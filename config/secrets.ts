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
  return devSecret(config, 'auth-secret');
}

/** An administration's random-selection key, or undefined when it has none. */
export type SelectionKeyOf = (country: string) => Buffer | undefined;

/**
 * The random-selection keys, one per administration (country): CLEARWAY_RISK_SELECTION_KEYS in any
 * real deployment (required in production); on the dev stack each country's key is derived from one
 * random secret generated once into the data directory (mode 0600), so draws stay the same across
 * restarts. Never logged, never in git, never in a workflow history (the draw is recorded, not the key).
 */
export function resolveRiskSelectionKeys(config: Config): SelectionKeyOf {
  if (config.CLEARWAY_RISK_SELECTION_KEYS) {
    const keys = new Map(
      config.CLEARWAY_RISK_SELECTION_KEYS.split(',').map((e) => [e.slice(0, 2), Buffer.from(e.slice(3))]),
    );
    return (country) => keys.get(country);
  }
  const master = devSecret(config, 'risk-selection-key');
  return (country) => crypto.createHmac('sha256', master).update(`random-selection|${country}`).digest();
}

/**
 * A secret generated once into the data directory. Written whole to a temporary file and linked into
 * place, so a process that loses the race to create it (`clearway start --workers N`) reads the
 * winner's secret, never a half-written file.
 */
function devSecret(config: Config, name: string): string {
  const file = path.join(config.dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, secret + '\n', { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return fs.readFileSync(file, 'utf8').trim();
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
