import fs from 'node:fs';
import type { Config } from './env';

/** mTLS options for an external Temporal cluster; none for the embedded dev server. */
export function temporalTls(config: Config) {
  if (!config.TEMPORAL_TLS_CERT && !config.TEMPORAL_TLS_CA) return undefined;
  return {
    serverRootCACertificate: config.TEMPORAL_TLS_CA ? fs.readFileSync(config.TEMPORAL_TLS_CA) : undefined,
    clientCertPair:
      config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
        ? { crt: fs.readFileSync(config.TEMPORAL_TLS_CERT), key: fs.readFileSync(config.TEMPORAL_TLS_KEY) }
        : undefined,
  };
}
