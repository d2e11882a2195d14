import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { durationMs } from '../../../config/env';
import { plainString } from '../../../domain/schemas/common';

/**
 * `treasury`: the administration's treasury (or its bank gateway), the one role that confirms payments.
 * `auditor`: a post-entry auditor of an administration (country-scoped like an officer): opens and
 * conducts audits (docs/audit-api.md).
 */
export const ROLES = [
  'clearance-system',
  'officer',
  'supervisor',
  'administrator',
  'partner',
  'treasury',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Claims every Clearway token carries: who, which role, which countries and offices. */
export const PrincipalSchema = z.object({
  sub: plainString().min(1),
  role: z.enum(ROLES),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  offices: z.array(plainString().min(1)).optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

const ISSUER = 'clearway';
const AUDIENCE = 'clearway-api';

/** The cookie a codec session keeps the administrator's token in (apps/api/codec). */
export const CODEC_COOKIE = 'clearway_codec';

/** The longest lifetime a token may have, unless configured otherwise (CLEARWAY_TOKEN_MAX_TTL). */
export const DEFAULT_MAX_TTL = '24h';

/** Signs a token living `ttl` (a duration such as 8h); longer than `maxTtl` is refused. */
export function mintToken(
  secret: string,
  principal: Principal,
  ttl: string,
  maxTtl = DEFAULT_MAX_TTL,
): string {
  if (durationMs(ttl) > durationMs(maxTtl))
    throw new Error(`a token may live at most ${maxTtl}; ${ttl} was asked`);
  const { sub, ...claims } = PrincipalSchema.parse(principal);
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    subject: sub,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: ttl as jwt.SignOptions['expiresIn'],
  });
}

/**
 * The token's principal, when its signature, issuer and audience hold and it expires: `exp` is
 * required, and a token may not be valid for more than `maxTtl` from when it was issued nor from
 * now (a token minted without an end, or for a year, is refused even with a valid signature).
 */
export function verifyToken(secret: string, token: string, maxTtl = DEFAULT_MAX_TTL): Principal {
  const maxSeconds = durationMs(maxTtl) / 1000;
  const payload = jwt.verify(token, secretKey(secret), {
    algorithms: ['HS256'],
    issuer: ISSUER,
    audience: AUDIENCE,
    maxAge: maxSeconds, // needs `iat`
  }) as jwt.JwtPayload;
  if (typeof payload.exp !== 'number') throw new Error('the token has no expiry (exp)');
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (payload.exp - (payload.iat ?? nowSeconds) > maxSeconds || payload.exp - nowSeconds > maxSeconds)
    throw new Error(`the token is valid for longer than ${maxTtl}`);
  const parsed = PrincipalSchema.safeParse(payload);
  if (!parsed.success) throw new Error('token claims are not valid');
  return parsed.data;
}

/**
 * Given a string, jsonwebtoken first tries it as a PEM public key and takes it as a secret once that
 * throws: an exception on every request. The key object is made once per secret.
 */
let lastKey: { secret: string; key: KeyObject } | undefined;
function secretKey(secret: string): KeyObject {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return lastKey.key;
}

/**
 * A clearance system sees and acts only on the cases it lodged or registered (their owner is its
 * `sub`); every other role is scoped by country and office alone. A case without a recorded owner
 * belongs to no clearance system. Callers answer 404 when this is false, as for a case out of scope.
 */
export function ownerAllows(p: Principal, owner: string | undefined): boolean {
  return p.role !== 'clearance-system' || (owner !== undefined && owner === p.sub);
}

/** True when the caller's claims cover this country (and office, when the token is office-scoped). */
export function inScope(p: Principal, country: string, office?: string): boolean {
  if (!p.countries.includes(country)) return false;
  if (office && p.offices && p.offices.length > 0 && !p.offices.includes(office)) return false;
  return true;
}
