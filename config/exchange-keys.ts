import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Config } from './env';
import { keyValidAt, PublicKeyEntry, type Partner, type PartnerKey } from './partners';

/**
 * The node's own exchange signing keys (Ed25519), one or more per administration it serves. Given by
 * `CLEARWAY_EXCHANGE_KEYS_FILE` (required in production): `{ "keys": [{ "administration": "KZ",
 * "kid", "validFrom", "validTo"?, "jwk": { private OKP JWK with d } }] }`. On the dev stack each
 * administration's key is generated once into `<data dir>/exchange-keys/<CC>.json` (mode 0600).
 * Never logged, never in git; only the public half leaves (`clearway exchange keys`).
 */
const PrivateKeyEntry = z.strictObject({
  administration: z.string().regex(/^[A-Z]{2}$/),
  kid: PublicKeyEntry.shape.kid,
  validFrom: PublicKeyEntry.shape.validFrom,
  validTo: PublicKeyEntry.shape.validTo,
  jwk: z.looseObject({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    d: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  }),
});
const KeysFile = z.strictObject({ keys: z.array(PrivateKeyEntry).min(1) });
type PrivateKeyEntry = z.infer<typeof PrivateKeyEntry>;

export interface SigningKey {
  administration: string;
  kid: string;
  key: crypto.KeyObject;
  public: PartnerKey;
}

export interface SigningKeys {
  administrations: string[];
  /** The key an administration signs with at `at`: the valid one that became valid last. */
  current(administration: string, at: Date): SigningKey | undefined;
  /** Every public key, per administration, as directory entries take them. */
  publicKeys(): { administration: string; keys: PartnerKey[] }[];
}

function toSigningKey(e: PrivateKeyEntry): SigningKey {
  const key = crypto.createPrivateKey({ key: { ...e.jwk }, format: 'jwk' });
  const pub = crypto.createPublicKey(key).export({ format: 'jwk' }) as { x: string };
  if (pub.x !== e.jwk.x) throw new Error(`key ${e.kid}: x is not the public half of d`);
  return {
    administration: e.administration,
    kid: e.kid,
    key,
    public: { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid: e.kid, validFrom: e.validFrom, validTo: e.validTo },
  };
}

export function buildSigningKeys(entries: PrivateKeyEntry[]): SigningKeys {
  const keys = entries.map(toSigningKey);
  const administrations = [...new Set(keys.map((k) => k.administration))];
  return {
    administrations,
    current: (cc, at) =>
      keys
        .filter((k) => k.administration === cc && keyValidAt(k.public, at))
        .sort((a, b) => b.public.validFrom.getTime() - a.public.validFrom.getTime())[0],
    publicKeys: () =>
      administrations.map((cc) => ({
        administration: cc,
        keys: keys.filter((k) => k.administration === cc).map((k) => k.public),
      })),
  };
}

function parseKeysFile(file: string): PrivateKeyEntry[] {
  const fail = (message: string) =>
    new ConfigError([{ variable: 'CLEARWAY_EXCHANGE_KEYS_FILE', message: `${file}: ${message}` }]);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw fail(`cannot read it as JSON (${(err as Error).message})`);
  }
  const parsed = KeysFile.safeParse(raw);
  // The message names the entry and field, never a value: the file holds private keys.
  if (!parsed.success) throw fail(`${parsed.error.issues[0]!.path.join('.') || 'file'}: malformed`);
  return parsed.data.keys;
}

/** A dev key generated once per administration; a process that loses the race reads the winner's. */
function devKey(config: Config, administration: string): PrivateKeyEntry {
  const dir = path.join(config.dataDir, 'exchange-keys');
  const file = path.join(dir, `${administration}.json`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const jwk = crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const entry = {
      administration,
      kid: `${administration}-dev-${crypto.randomBytes(4).toString('hex')}`,
      validFrom: new Date().toISOString(),
      jwk,
    };
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, JSON.stringify(entry) + '\n', { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return PrivateKeyEntry.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/**
 * The node's signing keys: from the keys file, or on the dev stack one generated key for each of
 * `administrations` (the ones the node serves).
 */
export function resolveSigningKeys(config: Config, administrations: string[]): SigningKeys {
  if (config.CLEARWAY_EXCHANGE_KEYS_FILE)
    return buildSigningKeys(parseKeysFile(path.resolve(config.CLEARWAY_EXCHANGE_KEYS_FILE)));
  if (config.NODE_ENV === 'production')
    throw new ConfigError([
      { variable: 'CLEARWAY_EXCHANGE_KEYS_FILE', message: 'is required in production' },
    ]);
  return buildSigningKeys(administrations.map((cc) => devKey(config, cc)));
}

/**
 * The directory a node verifies against: the configured partners, plus its own public keys for the
 * administrations it serves itself (on an all-in-one node one administration's message to another
 * goes through the same signed door as between two nodes).
 */
export function withOwnKeys(partners: Partner[], own: SigningKeys): Partner[] {
  return partners.map((p) => {
    const mine = own.publicKeys().find((k) => k.administration === p.administration);
    if (!mine) return p;
    const known = new Set(p.keys.map((k) => k.kid));
    return { ...p, keys: [...p.keys, ...mine.keys.filter((k) => !known.has(k.kid))] };
  });
}
