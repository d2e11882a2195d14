import crypto from 'node:crypto';
import fs from 'node:fs';
import { buildSigningKeys } from '../../config/exchange-keys';
import { buildDirectory, parseDirectory, type Partner } from '../../config/partners';
import { signEnvelope, verifyMessage } from '../../activities/exchange/jws';
import type { ExchangeEnvelope } from '../../domain/exchange/envelope';
import { keyEntries } from '../support/exchange-keys';

const now = new Date('2026-12-02T10:00:00.000Z');
const day = 86_400_000;
const [old, fresh, cn] = keyEntries(['KZ', 'KZ', 'CN'], new Date(now.getTime() - 10 * day));
// KZ rotates: the old key signs until yesterday, the new one from two days ago (both valid in between).
const kzOld = { ...old!, validTo: new Date(now.getTime() - day) };
const kzNew = { ...fresh!, validFrom: new Date(now.getTime() - 2 * day) };
const keys = buildSigningKeys([kzOld, kzNew, cn!]);
const entry = (cc: string): Partner => ({
  administration: cc,
  endpoint: 'https://example.invalid/v1/exchange/messages',
  keys: keys.publicKeys().find((k) => k.administration === cc)?.keys ?? [],
  takes: ['IE118'],
  sends: ['IE118'],
});
const directory = buildDirectory([entry('KZ'), entry('CN')]);
const opts = { directory, served: ['CN'], now, windowMs: 300_000 };
const message: ExchangeEnvelope = {
  sender: 'KZ',
  receiver: 'CN',
  type: 'IE118',
  messageId: 'KZ-118-1',
  correlation: '22ITZXBZYUTJFLJXK6',
  time: now.toISOString(),
  body: { office: 'KZKHO001' },
};
const signed = (e: Partial<ExchangeEnvelope> = {}, key = keys.current('KZ', now)!) =>
  signEnvelope({ ...message, ...e }, key);
const refusal = async (jws: string) => {
  const v = await verifyMessage(jws, opts);
  return v.ok ? 'accepted' : v.refusal.code;
};

test('a message signed with the sender’s current key verifies, and signing is deterministic', async () => {
  expect(keys.current('KZ', now)!.kid).toBe(kzNew.kid);
  const jws = await signed();
  expect(jws).toBe(await signed());
  const v = await verifyMessage(jws, opts);
  expect(v).toMatchObject({ ok: true, envelope: message, kid: kzNew.kid });
});

test('during a rotation both keys verify: the old one for a time within its validity', async () => {
  const t = new Date(now.getTime() - 1.5 * day);
  const old = await signed({ time: t.toISOString() }, keys.current('KZ', new Date(now.getTime() - 5 * day))!);
  expect(await verifyMessage(old, { ...opts, now: t })).toMatchObject({ ok: true, kid: kzOld.kid });
  // signed by the retired key with today's time: not valid at that time
  const late = await signed({}, keys.current('KZ', new Date(now.getTime() - 5 * day))!);
  expect(await refusal(late)).toBe('UNKNOWN_KEY');
});

test('refuses, each with its code: not a JWS, an unknown key, a bad signature, another’s key', async () => {
  expect(await refusal('hello')).toBe('MALFORMED');
  // Valid at the test's fixed `now`, not the wall clock's: an undefined key would fall back to KZ's own.
  const stranger = buildSigningKeys(keyEntries(['KZ'], new Date(now.getTime() - day))).current('KZ', now);
  expect(stranger).toBeDefined();
  expect(await refusal(await signed({}, stranger))).toBe('UNKNOWN_KEY');
  const [h, p, s] = (await signed()).split('.');
  const otherBody = Buffer.from(
    JSON.stringify({ ...message, body: { office: 'KZKHO001', sealsIntact: false } }),
  ).toString('base64url');
  expect(await refusal(`${h}.${otherBody}.${s}`)).toBe('BAD_SIGNATURE');
  const flipped = s!.slice(0, 10) + (s![10] === 'A' ? 'B' : 'A') + s!.slice(11);
  expect(await refusal(`${h}.${p}.${flipped}`)).toBe('BAD_SIGNATURE');
  // CN's key over a message claiming to be KZ's
  expect(await refusal(await signed({}, keys.current('CN', now)!))).toBe('UNKNOWN_KEY');
});

test('refuses a message for another receiver, out of the window, or of a type the sender does not send', async () => {
  expect(await refusal(await signed({ receiver: 'KG' }))).toBe('WRONG_RECEIVER');
  expect(await refusal(await signed({ time: new Date(now.getTime() - 600_000).toISOString() }))).toBe(
    'STALE',
  );
  expect(await refusal(await signed({ time: new Date(now.getTime() + 600_000).toISOString() }))).toBe(
    'STALE',
  );
  expect(await refusal(await signed({ type: 'IE006' }))).toBe('NOT_ENTITLED');
  expect(await refusal(await signed({ messageId: 'has space' }))).toBe('MALFORMED');
});

describe('the partner directory file', () => {
  const good = {
    administration: 'KZ',
    endpoint: 'https://kz.example/v1/exchange/messages',
    keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'a'.repeat(43), kid: 'kz-1', validFrom: '2026-01-01T00:00:00Z' }],
    takes: ['IE001'],
    sends: ['IE118'],
  };
  const parse = (partners: unknown[]) => () => parseDirectory(JSON.stringify({ partners }), 'partners.json');

  test('loads entries with several keys each', () => {
    const d = parse([good, { ...good, administration: 'KG', keys: [] }])();
    expect(d.get('KZ')?.keys[0]?.validFrom).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(d.key('kz-1')?.partner.administration).toBe('KZ');
  });

  test('a bad entry stops the node, named', () => {
    expect(parse([good, { ...good, administration: 'KG', endpoint: 'ftp://x' }])).toThrow(
      /CLEARWAY_PARTNERS_FILE: partners.json: partners\[1\] \(KG\)\.endpoint/,
    );
    expect(parse([{ ...good, keys: [{ ...good.keys[0], x: 'short' }] }])).toThrow(
      /partners\[0\] \(KZ\)\.keys\.0\.x/,
    );
    expect(parse([good, { ...good, administration: 'KG' }])).toThrow(
      /partners\[1\] \(KG\)\.keys\[0\]: key id kz-1 used twice/,
    );
    expect(parse([good, good])).toThrow(/partners\[1\] \(KZ\): administration listed twice/);
    expect(() => parseDirectory('{', 'partners.json')).toThrow(/not JSON/);
  });

  test('the committed directory parses', () => {
    const d = parseDirectory(fs.readFileSync(`${__dirname}/../../config/partners.json`, 'utf8'), 'config');
    expect(d.partners.map((p) => p.administration).sort()).toEqual(['CN', 'KG', 'KZ', 'TJ', 'UZ']);
  });
});

test('a keys file entry whose public half does not match its private half is refused', () => {
  const [e] = keyEntries(['KZ']);
  const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string };
  expect(() => buildSigningKeys([{ ...e!, jwk: { ...e!.jwk, x: other.x } }])).toThrow(/not the public half/);
});
