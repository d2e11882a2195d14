import { durationMs, type Config } from '../../config/env';
import { resolveSigningKeys, withOwnKeys, type SigningKeys } from '../../config/exchange-keys';
import { buildDirectory, loadPartnerDirectory, type PartnerDirectory } from '../../config/partners';

/**
 * What a node needs to talk to other administrations: whom it trusts (the partner directory, with
 * its own public keys added), how it signs, which administrations it answers for, and the freshness
 * window. Built once at start by the API and the worker; a bad directory or keys file stops them.
 */
export interface ExchangeTrust {
  directory: PartnerDirectory;
  keys: SigningKeys;
  served: string[];
  windowMs: number;
}

/**
 * `served`: the administrations this node serves; by default every administration of the directory
 * (the all-in-one stack). A node that serves some only passes them (CLEARWAY_ADMINISTRATIONS).
 */
export function loadExchangeTrust(config: Config, served?: string[]): ExchangeTrust {
  const file = loadPartnerDirectory(config);
  const administrations = served ?? file.partners.map((p) => p.administration);
  const keys = resolveSigningKeys(config, administrations);
  return {
    directory: buildDirectory(withOwnKeys(file.partners, keys)),
    keys,
    served: administrations,
    windowMs: durationMs(config.CLEARWAY_EXCHANGE_WINDOW),
  };
}
