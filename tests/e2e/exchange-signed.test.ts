import fs from 'node:fs';
import path from 'node:path';
import { createApi } from '../../apps/api/app';
import { buildMrn, mrnSerial } from '../../domain/mrn';
import { testSigningKeys } from '../support/exchange-keys';
import { signedExchangeStack } from '../support/signed-exchange';

/**
 * The signed exchange over HTTP against the dev server and PostgreSQL: partners' messages signed
 * with their test keys, each refusal reason, the repeat, the functional rejection, the directory.
 */
const x = signedExchangeStack('e2e-exchange-signed');
const { envelope, sign, send, crossings, inboxRows, releasedMovement } = x;

test('a signed crossing is applied once and acknowledged signed; the same message again gets the same answer', async () => {
  const mrn = await releasedMovement();
  const m = envelope(mrn, {});
  const first = await send(await sign(m), m.messageId);
  expect(first).toMatchObject({ status: 200, type: 'ACK', body: { status: 'APPLIED' }, duplicate: null });
  // resent later: signed again with a fresh time, the same content
  const again = await send(
    await sign({ ...m, time: new Date(Date.now() + 1000).toISOString() }),
    m.messageId,
  );
  expect(again).toMatchObject({ status: 200, duplicate: 'true' });
  expect(again.text).toBe(first.text);
  expect(await crossings(mrn)).toBe(1);
  expect(await inboxRows(m.messageId)).toEqual([{ source: 'signed:KZ', status: 'APPLIED' }]);
  const log = await x.stack.pool.query(
    `SELECT direction, type, answer_jws FROM exchange_log WHERE partner = 'KZ' AND message_id = $1`,
    [m.messageId],
  );
  expect(log.rows).toEqual([{ direction: 'received', type: 'IE118', answer_jws: first.text }]);
});

test('refused with the reason and nothing changed: bad signature, unknown key, stale time, unentitled sender, replayed id with other content', async () => {
  const mrn = await releasedMovement();
  const applied = envelope(mrn, {});
  expect((await send(await sign(applied))).status).toBe(200);
  const refused = async (jws: string, id: string, status: number, code: string) => {
    const a = await send(jws, id);
    expect(a).toMatchObject({ status, type: 'IE906', body: { status: 'REFUSED', code } });
    expect(a.body.reason).toEqual(expect.any(String));
    return a;
  };
  const [h, , s] = (await sign(envelope(mrn, { messageId: `BADSIG-${mrn}` }))).split('.');
  const forged = Buffer.from(
    JSON.stringify(envelope(mrn, { messageId: `BADSIG-${mrn}`, body: { office: 'KZKHO001' } })),
  ).toString('base64url');
  await refused(`${h}.${forged}.${s}`, `BADSIG-${mrn}`, 401, 'BAD_SIGNATURE');
  await refused(
    await sign(envelope(mrn, { messageId: `UNKNOWN-${mrn}` }), testSigningKeys(['KZ'])),
    `UNKNOWN-${mrn}`,
    401,
    'UNKNOWN_KEY',
  );
  const stale = new Date(Date.now() - 3_600_000).toISOString();
  await refused(
    await sign(envelope(mrn, { messageId: `STALE-${mrn}`, time: stale })),
    `STALE-${mrn}`,
    401,
    'STALE',
  );
  const unentitled = await refused(
    await sign(envelope(mrn, { sender: 'KG', messageId: `KG-AT-KZ-${mrn}` })),
    `KG-AT-KZ-${mrn}`,
    403,
    'NOT_ENTITLED',
  );
  expect(unentitled.body.reason).toBe('KG may not report a crossing at KZKHO001');
  await refused(
    await sign(
      envelope(mrn, { sender: 'TJ', messageId: `TJ-${mrn}`, type: 'IE006', body: { office: 'KGBIS001' } }),
    ),
    `TJ-${mrn}`,
    403,
    'NOT_ENTITLED',
  );
  await refused(
    await sign({ ...applied, body: { office: 'KZKHO001', sealsIntact: false } }),
    applied.messageId,
    409,
    'REPLAYED_ID',
  );
  await refused(
    await sign(envelope(mrn, { receiver: 'GE', messageId: `GE-${mrn}` })),
    `GE-${mrn}`,
    421,
    'WRONG_RECEIVER',
  );
  const nowhere = buildMrn(26, 'CN', mrnSerial(BigInt(Date.now()) * 7n));
  await refused(
    await sign(envelope(nowhere, { messageId: `LOST-${mrn}` })),
    `LOST-${mrn}`,
    404,
    'UNKNOWN_MOVEMENT',
  );
  await refused(
    await sign(envelope(mrn, { messageId: `BAD-${mrn}`, body: { office: 'KZKHO001', sealz: 1 } })),
    `BAD-${mrn}`,
    400,
    'INVALID_BODY',
  );
  for (const id of [
    `BADSIG-${mrn}`,
    `UNKNOWN-${mrn}`,
    `STALE-${mrn}`,
    `KG-AT-KZ-${mrn}`,
    `TJ-${mrn}`,
    `GE-${mrn}`,
    `LOST-${mrn}`,
    `BAD-${mrn}`,
  ])
    expect(await inboxRows(id)).toEqual([]);
  expect(await crossings(mrn)).toBe(1);
  expect(await inboxRows(applied.messageId)).toEqual([{ source: 'signed:KZ', status: 'APPLIED' }]);
  // not JWS at all: refused signed too
  const garbage = await send('not-a-jws');
  expect(garbage).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
});

test('a message the movement refuses (out of sequence) gets a signed functional rejection, kept for repeats', async () => {
  const mrn = await releasedMovement();
  const early = envelope(mrn, {
    sender: 'KG',
    type: 'IE006',
    messageId: `KG-EARLY-${mrn}`,
    body: { office: 'KGBIS001' },
  });
  const first = await send(await sign(early), early.messageId);
  expect(first).toMatchObject({
    status: 409,
    type: 'IE906',
    body: { status: 'REFUSED', code: 'REFUSED_BY_CASE' },
  });
  expect(first.body.reason).toMatch(/arrival refused/);
  const again = await send(await sign(early), early.messageId);
  expect(again).toMatchObject({ status: 409, duplicate: 'true' });
  expect(again.text).toBe(first.text);
});

test('the partner directory is listed for administrators, with the node’s own public keys and no private part', async () => {
  const admin = x.stack.token({ role: 'administrator', countries: ['KZ'] });
  const res = await x.stack.request('GET', '/v1/exchange/partners', { token: admin });
  expect(res.status).toBe(200);
  const kz = res.body.partners.find((p: { administration: string }) => p.administration === 'KZ');
  expect(kz).toMatchObject({ served: true, sends: expect.arrayContaining(['IE118']) });
  expect(kz.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', validNow: true })]);
  expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
  expect((await x.stack.request('GET', '/v1/exchange/partners', { token: x.clearance })).status).toBe(403);
  expect((await x.stack.request('GET', '/v1/exchange/partners')).status).toBe(401);
});

test('a bad partner directory stops the API at start, naming the entry', async () => {
  const bad = path.join(x.files.dir, 'bad-partners.json');
  const partners = JSON.parse(fs.readFileSync(x.files.partnersFile, 'utf8')).partners;
  partners[1].keys = [
    { kty: 'OKP', crv: 'Ed25519', x: 'too-short', kid: 'k', validFrom: '2026-01-01T00:00:00Z' },
  ];
  fs.writeFileSync(bad, JSON.stringify({ partners }));
  await expect(
    createApi({
      config: { ...x.stack.config, CLEARWAY_PARTNERS_FILE: bad },
      client: x.stack.client,
      pool: x.stack.pool,
      authSecret: 'x'.repeat(32),
    }),
  ).rejects.toThrow(
    /CLEARWAY_PARTNERS_FILE: .*bad-partners\.json: partners\[1\] \(KZ\)\.keys\.0\.x: expected 43 base64url characters/,
  );
});

test('with the unsigned door off, a partner token’s JSON message is refused (415) and a signed one still taken', async () => {
  const app = await createApi({
    config: { ...x.stack.config, CLEARWAY_EXCHANGE_UNSIGNED: false },
    client: x.stack.client,
    pool: x.stack.pool,
    authSecret: x.stack.config.CLEARWAY_AUTH_SECRET!,
  });
  await app.listen(0, '127.0.0.1');
  try {
    const url = `${await app.getUrl()}/v1/exchange/messages`;
    const mrn = await releasedMovement();
    const partner = x.stack.token({ role: 'partner', countries: ['KZ'] });
    const json = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${partner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: `JSON-${mrn}`, mrn, type: 'IE118', body: { office: 'KZKHO001' } }),
    });
    expect(json.status).toBe(415);
    expect(await inboxRows(`JSON-${mrn}`)).toEqual([]);
    const signed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: await sign(envelope(mrn, {})),
    });
    expect(signed.status).toBe(200);
  } finally {
    await app.close();
  }
});
