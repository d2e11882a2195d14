import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSigningKeys, type SigningKeys } from '../../config/exchange-keys';

/** Private JWK entries as a keys file holds them (CLEARWAY_EXCHANGE_KEYS_FILE), one per administration. */
export function keyEntries(administrations: string[], validFrom = new Date(Date.now() - 86_400_000)) {
  return administrations.map((administration) => ({
    administration,
    kid: `${administration}-test-${crypto.randomBytes(4).toString('hex')}`,
    validFrom,
    jwk: crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as {
      kty: 'OKP';
      crv: 'Ed25519';
      x: string;
      d: string;
    },
  }));
}

export const testSigningKeys = (administrations: string[]): SigningKeys =>
  buildSigningKeys(keyEntries(administrations));

/**
 * A keys file and a directory file for a test stack: every administration with a test key, the
 * directory listing them with no keys of their own (the node adds its own public keys).
 */
export function writeExchangeFiles(administrations: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearway-exchange-'));
  const entries = keyEntries(administrations);
  const keysFile = path.join(dir, 'keys.json');
  fs.writeFileSync(keysFile, JSON.stringify({ keys: entries }), { mode: 0o600 });
  const partnersFile = path.join(dir, 'partners.json');
  const types = ['IE118', 'IE182', 'IE006', 'IE018'];
  fs.writeFileSync(
    partnersFile,
    JSON.stringify({
      partners: administrations.map((administration) => ({
        administration,
        endpoint: 'http://127.0.0.1:9/v1/exchange/messages',
        keys: [],
        takes: types,
        sends: types,
      })),
    }),
  );
  return { dir, keysFile, partnersFile, keys: buildSigningKeys(entries) };
}
