import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPartnerSender } from '../../activities/outbox/partner-sender';
import { verifyChains } from '../../activities/exchange/log';
import { buildProgram } from '../../apps/cli/main';
import { signedExchangeStack } from '../support/signed-exchange';

/**
 * The sending side and the exchange log against a real receiving endpoint (the same node answering
 * for the partner): the partner sender's outcomes, one log row per message and side, and
 * `clearway exchange verify` finding a tampered row.
 */
const x = signedExchangeStack('e2e-exchange-log');
const { envelope, sign, send, crossings, releasedMovement, trust } = x;

test('the partner sender signs, delivers to the real endpoint and verifies the answer: ok, a permanent refusal, a retryable failure', async () => {
  const mrn = await releasedMovement();
  const sender = createPartnerSender({
    pool: x.stack.pool,
    trust: trust(`${x.stack.baseUrl}/v1/exchange/messages`),
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
  const logged = await x.stack.pool.query(
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
    pool: x.stack.pool,
    trust: trust('http://127.0.0.1:9/v1/exchange/messages'),
  });
  expect(await down(outgoing(`KZ-DOWN-${mrn}`, { sender: 'KZ', office: 'KZKHO001' }))).toMatchObject({
    ok: false,
    permanent: false,
    reason: expect.stringMatching(/^network: /),
  });
  // A partner that answers 503, or 200 without a signed answer: retried, and nothing logged.
  for (const [status, body, reason] of [
    [503, 'busy', /^CN answered HTTP 503$/],
    [200, 'ok', /^CN's answer does not verify: /],
    [404, 'no such route', /^CN refused with HTTP 404, unsigned: /],
  ] as const) {
    const server = http.createServer((_req, res) => res.writeHead(status).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const odd = createPartnerSender({
      pool: x.stack.pool,
      trust: trust(`http://127.0.0.1:${port}/v1/exchange/messages`),
    });
    const id = `KZ-ODD-${status}-${mrn}`;
    expect(await odd(outgoing(id, { sender: 'KZ', office: 'KZKHO001' }))).toMatchObject({
      ok: false,
      permanent: status === 404,
      reason: expect.stringMatching(reason),
    });
    await new Promise((r) => server.close(r));
    expect(
      (await x.stack.pool.query('SELECT 1 FROM exchange_log WHERE message_id = $1', [id])).rowCount,
    ).toBe(0);
  }
  expect(await sender(outgoing(`X-${mrn}`, {}, 'IE045'))).toMatchObject({ ok: false, permanent: true });
});

test('the exchange log verifies; a tampered row is found by `clearway exchange verify`, which exits non-zero', async () => {
  const mrn = await releasedMovement();
  expect((await send(await sign(envelope(mrn, {})))).status).toBe(200);
  expect((await verifyChains(x.stack.pool)).filter((r) => r.firstBreak)).toEqual([]);
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
  process.env.DATABASE_URL = x.stack.config.databaseUrl;
  const row = (
    await x.stack.pool.query<{ seq: string; answer_jws: string }>(
      `SELECT seq, answer_jws FROM exchange_log WHERE partner = 'KZ' AND message_id = $1`,
      [`KZ-118-${mrn}`],
    )
  ).rows[0]!;
  try {
    const intact = await cli('--partner', 'KZ');
    expect(intact.code).toBeFalsy();
    expect(intact.out).toEqual([expect.stringMatching(/^KZ: \d+ rows, chain intact$/)]);
    await x.stack.pool.query(`UPDATE exchange_log SET answer_jws = $3 WHERE partner = $1 AND seq = $2`, [
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
    await x.stack.pool.query(`UPDATE exchange_log SET answer_jws = $3 WHERE partner = $1 AND seq = $2`, [
      'KZ',
      row.seq,
      row.answer_jws,
    ]);
    process.env.DATABASE_URL = saved;
  }
  expect((await cli()).code).toBeFalsy();
});
