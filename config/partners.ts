import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Config } from './env';
import { REPO_ROOT } from './paths';

/**
 * The partner directory (docs/exchange.md): per partner administration its endpoint, its public
 * signing keys and the message types it takes and sends. Read once at start from
 * `CLEARWAY_PARTNERS_FILE` (default `config/partners.json`); a bad entry stops the node, named.
 * Several keys may be valid at once: a partner publishes its next key before it signs with it, so a
 * rotation needs no downtime on either side.
 */
const b64url = (len: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${len}}$`), `expected ${len} base64url characters`);
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const PublicKeyEntry = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: b64url(43),
  kid: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'expected 1-100 characters of A-Z a-z 0-9 . _ : -'),
  use: z.literal('sig').optional(),
  alg: z.literal('EdDSA').optional(),
  validFrom: instant,
  validTo: instant.optional(),
});
export type PartnerKey = z.infer<typeof PublicKeyEntry>;

const messageType = z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'expected a message type such as IE118');
const PartnerEntry = z.strictObject({
  administration: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code'),
  name: z.string().min(1).optional(),
  endpoint: z.url({ protocol: /^https?$/ }),
  keys: z.array(PublicKeyEntry),
  takes: z.array(messageType),
  sends: z.array(messageType),
});
export type Partner = z.infer<typeof PartnerEntry>;

const DirectoryFile = z.strictObject({ partners: z.array(PartnerEntry) });

export interface PartnerDirectory {
  partners: Partner[];
  get(administration: string): Partner | undefined;
  /** The key with this id, and whose it is. */
  key(kid: string): { partner: Partner; key: PartnerKey } | undefined;
}

export function buildDirectory(partners: Partner[]): PartnerDirectory {
  const byCode = new Map(partners.map((p) => [p.administration, p]));
  const byKid = new Map(
    partners.flatMap((p) => p.keys.map((key) => [key.kid, { partner: p, key }] as const)),
  );
  return { partners, get: (cc) => byCode.get(cc), key: (kid) => byKid.get(kid) };
}

/** Parses a directory file's text; every problem names its entry (`partners[1] (KG).keys[0].x`). */
export function parseDirectory(text: string, source: string): PartnerDirectory {
  const fail = (message: string) =>
    new ConfigError([{ variable: 'CLEARWAY_PARTNERS_FILE', message: `${source}: ${message}` }]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw fail(`not JSON (${(err as Error).message})`);
  }
  const parsed = DirectoryFile.safeParse(raw);
  const entryName = (i: unknown) => {
    const code = (raw as { partners?: { administration?: unknown }[] })?.partners?.[Number(i)]
      ?.administration;
    return `partners[${String(i)}]${typeof code === 'string' ? ` (${code})` : ''}`;
  };
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const [head, idx, ...rest] = i.path.map(String);
    const where =
      head === 'partners' && idx !== undefined ? [entryName(idx), ...rest].join('.') : i.path.join('.');
    throw fail(`${where || 'file'}: ${i.message}`);
  }
  const seen = new Set<string>();
  const kids = new Set<string>();
  parsed.data.partners.forEach((p, i) => {
    if (seen.has(p.administration)) throw fail(`${entryName(i)}: administration listed twice`);
    seen.add(p.administration);
    p.keys.forEach((k, j) => {
      if (kids.has(k.kid)) throw fail(`${entryName(i)}.keys[${j}]: key id ${k.kid} used twice`);
      kids.add(k.kid);
      if (k.validTo && k.validTo <= k.validFrom)
        throw fail(`${entryName(i)}.keys[${j}]: validTo before validFrom`);
    });
  });
  return buildDirectory(parsed.data.partners);
}

export const partnersFile = (config: Config): string =>
  path.resolve(config.CLEARWAY_PARTNERS_FILE ?? path.join(REPO_ROOT, 'config', 'partners.json'));

export function loadPartnerDirectory(config: Config): PartnerDirectory {
  const file = partnersFile(config);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      { variable: 'CLEARWAY_PARTNERS_FILE', message: `cannot read ${file}: ${(err as Error).message}` },
    ]);
  }
  return parseDirectory(text, file);
}

/** Whether a key may sign at `at`: within its validity. */
export const keyValidAt = (k: Pick<PartnerKey, 'validFrom' | 'validTo'>, at: Date): boolean =>
  k.validFrom <= at && (!k.validTo || at < k.validTo);
