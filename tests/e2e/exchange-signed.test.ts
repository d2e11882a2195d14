import fs from 'node:fs';
import { buildDirectory } from '../../config/partners';
import { createPartnerSender } from '../../activities/outbox/partner-sender';
import { verifyChains } from '../../activities/exchange/log';
import { signEnvelope, verifyMessage } from '../../apps/shared/exchange/jws';
import type { ExchangeTrust } from '../../apps/shared/exchange/trust';
import { buildProgram } from '../../apps/cli/main';
import type { AnswerBody, ExchangeEnvelope } from '../../domain/exchange/envelope';
import { buildMrn, mrnSerial } from '../../domain/mrn';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { testSigningKeys, writeExchangeFiles } from '../support/exchange-keys';
import { eventually } from '../support/temporal';

/**
 * The signed exchange over HTTP against the dev server and PostgreSQL: one node serving every
 * administration of a test directory, partners' messages signed with their test keys, each refusal
 * reason, the repeat, the partner sender against the real endpoint, and the exchange log's chains.
 */
const ADMINISTRATIONS = ['CN', 'KZ', 'KG', 'TJ', 'UZ'];
const files = writeExchangeFiles(ADMINISTRATIONS);
let stack: TestStack;
let clearance: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-exchange-signed', {
    CLEARWAY_PARTNERS_FILE: files.partnersFile,
    CLEARWAY_EXCHANGE_KEYS_FILE: files.keysFile,
  });
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
});
afterAll(async () => {
  await stack?.close();
  fs.rmSync(files.dir, { recursive: true, force: true });
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const trust = (endpoint = 'http://127.0.0.1:9/'): ExchangeTrust => ({
  directory: buildDirectory(
    ADMINISTRATIONS.map((cc) => ({
      administration: cc,
      endpoint: cc === 'CN' ? endpoint : 'http://127.0.0.1:9/',
      keys: files.keys.publicKeys().find((k) => k.administration === cc)!.keys,
      takes: ['IE118', 'IE006', 'IE018', 'IE182'],
      sends: ['IE118', 'IE006', 'IE018', 'IE182'],
    })),
  ),
  keys: files.keys,
  served: ADMINISTRATIONS,
  windowMs: 300_000,
});

async function releasedMovement(): Promise<string> {
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-S-${rand()}`;
  t.guarantee.grn = grn;
  const lodged = await post('/v1/transits', clearance, t);
  expect(lodged.status).toBe(202);
  await eventually(
    async () => (await stack.request('GET', `/v1/transits/${lodged.body.mrn}`, { token: clearance })).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  return lodged.body.mrn;
}

const envelope = (mrn: string, e: Partial<ExchangeEnvelope>): ExchangeEnvelope => ({
  sender: 'KZ',
  receiver: 'CN',
  type: 'IE118',
  messageId: `KZ-118-${mrn}`,
  correlation: mrn,
  time: new Date().toISOString(),
  body: { office: 'KZKHO001', sealsIntact: true },
  ...e,
});
const sign = (e: ExchangeEnvelope, keys = files.keys) => signEnvelope(e, keys.current(e.sender, new Date())!);

/** POSTs a JWS; the answer must verify as the receiver's, in reply to that message. */
async function send(jws: string, inReplyTo?: string) {
  const res = await fetch(`${stack.baseUrl}/v1/exchange/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/jose' },
    body: jws,
  });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/jose/);
  // An answer to a sender the node could not tell is addressed to ZZ.
  const v = await verifyMessage(text, { ...trust(), served: [...ADMINISTRATIONS, 'ZZ'], now: new Date() });
  if (!v.ok) throw new Error(`answer does not verify: ${v.refusal.text}`);
  const body = v.envelope.body as unknown as AnswerBody;
  if (inReplyTo) expect(body.inReplyTo).toBe(inReplyTo);
  return {
    status: res.status,
    text,
    type: v.envelope.type,
    body,
    duplicate: res.headers.get('x-clearway-duplicate'),
  };
}
const crossings = async (mrn: string) =>
  (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body.timeline.filter(
    (e: { type: string }) => e.type === 'border-crossing',
  ).length;
const inboxRows = async (id: string) =>
  (await stack.pool.query('SELECT source, status FROM inbox WHERE message_id = $1', [id])).rows;

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
  const log = await stack.pool.query(
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

test('the partner sender signs, delivers to the real endpoint and verifies the answer: ok, a permanent refusal, a retryable failure', async () => {
  const mrn = await releasedMovement();
  const sender = createPartnerSender({
    pool: stack.pool,
    trust: trust(`${stack.baseUrl}/v1/exchange/messages`),
  });
  const outgoing = (messageId: string, payload: Record<string, unknown>, type = 'IE118') => ({
    messageId,
    caseId: `transit/${mrn}`,
    destination: 'partner:CN',
    type,
    payload,
    createdAt: new Date(),
    attempts: 0,
  });
  const kz = outgoing(`KZ-SENT-${mrn}`, { sender: 'KZ', office: 'KZKHO001', sealsIntact: true });
  expect(await sender(kz)).toEqual({ ok: true, receipt: 'RELEASED_FOR_TRANSIT' });
  // delivered again (the outbox retried after a lost answer): same answer, logged once on each side
  expect(await sender({ ...kz, attempts: 1 })).toEqual({ ok: true, receipt: 'RELEASED_FOR_TRANSIT' });
  expect(await crossings(mrn)).toBe(1);
  const logged = await stack.pool.query(
    'SELECT partner, direction FROM exchange_log WHERE message_id = $1 ORDER BY direction',
    [kz.messageId],
  );
  expect(logged.rows).toEqual([
    { partner: 'KZ', direction: 'received' },
    { partner: 'CN', direction: 'sent' },
  ]);
  const early = outgoing(`KG-SENT-${mrn}`, { sender: 'KG', office: 'KGBIS001' }, 'IE006');
  expect(await sender(early)).toMatchObject({
    ok: false,
    permanent: true,
    reason: expect.stringMatching(/^REFUSED_BY_CASE: .*arrival refused/),
  });
  const unentitled = outgoing(`TJ-SENT-${mrn}`, { sender: 'TJ', office: 'KZKHO001' });
  expect(await sender(unentitled)).toMatchObject({
    ok: false,
    permanent: true,
    reason: expect.stringMatching(/^NOT_ENTITLED: /),
  });
  const down = createPartnerSender({
    pool: stack.pool,
    trust: trust('http://127.0.0.1:9/v1/exchange/messages'),
  });
  expect(await down(outgoing(`KZ-DOWN-${mrn}`, { sender: 'KZ', office: 'KZKHO001' }))).toMatchObject({
    ok: false,
    permanent: false,
    reason: expect.stringMatching(/^network: /),
  });
  expect(await sender(outgoing(`X-${mrn}`, {}, 'IE045'))).toMatchObject({ ok: false, permanent: true });
});

test('the exchange log verifies; a tampered row is found by `clearway exchange verify`, which exits non-zero', async () => {
  const mrn = await releasedMovement();
  expect((await send(await sign(envelope(mrn, {})))).status).toBe(200);
  expect((await verifyChains(stack.pool)).filter((r) => r.firstBreak)).toEqual([]);
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    try {
      await buildProgram().parseAsync(['node', 'clearway', 'exchange', 'verify', ...args]);
    } finally {
      spy.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = undefined;
    return { out, code };
  };
  // The CLI reads its database from the environment, like an operator's shell.
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = stack.config.databaseUrl;
  const row = (
    await stack.pool.query<{ seq: string; answer_jws: string }>(
      `SELECT seq, answer_jws FROM exchange_log WHERE partner = 'KZ' AND message_id = $1`,
      [`KZ-118-${mrn}`],
    )
  ).rows[0]!;
  try {
    const intact = await cli('--partner', 'KZ');
    expect(intact.code).toBeFalsy();
    expect(intact.out).toEqual([expect.stringMatching(/^KZ: \d+ rows, chain intact$/)]);
    await stack.pool.query(`UPDATE exchange_log SET answer_jws = $3 WHERE partner = $1 AND seq = $2`, [
      'KZ',
      row.seq,
      row.answer_jws.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    ]);
    const broken = await cli('--partner', 'KZ');
    expect(broken.code).toBe(1);
    expect(broken.out).toEqual([
      `KZ: BROKEN at row ${row.seq}: its content does not match its hash (${Number(row.seq) - 1} rows verified before it)`,
    ]);
  } finally {
    await stack.pool.query(`UPDATE exchange_log SET answer_jws = $3 WHERE partner = $1 AND seq = $2`, [
      'KZ',
      row.seq,
      row.answer_jws,
    ]);
    process.env.DATABASE_URL = saved;
  }
  expect((await cli()).code).toBeFalsy();
});

test('the partner directory is listed for administrators, with the node’s own public keys and no private part', async () => {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const res = await stack.request('GET', '/v1/exchange/partners', { token: admin });
  expect(res.status).toBe(200);
  const kz = res.body.partners.find((p: { administration: string }) => p.administration === 'KZ');
  expect(kz).toMatchObject({ served: true, sends: expect.arrayContaining(['IE118']) });
  expect(kz.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', validNow: true })]);
  expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
  expect((await stack.request('GET', '/v1/exchange/partners', { token: clearance })).status).toBe(403);
  expect((await stack.request('GET', '/v1/exchange/partners')).status).toBe(401);
});
