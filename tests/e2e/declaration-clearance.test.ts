import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverOutboxOnce } from '../../activities/outbox';
import {
  clearance,
  freshLrn,
  officer,
  stack,
  treasury,
  useClearanceStack,
  viewWhen,
} from '../support/clearance';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

useClearanceStack('e2e-clearance');

test('the shared import example goes to RELEASED on a green path', async () => {
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: example('declaration-import.json'),
  });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn;
  // The officer's view: the trader's has no risk internals.
  const due = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT', officer);
  expect(due.channel).toBe('GREEN');
  expect(due.risk).toMatchObject({
    profileId: 'demo-kz',
    randomlySelected: false,
    seed: `declaration/${mrn}`,
  });
  expect(due.risk.explanation.at(-1)).toBe('channel GREEN');
  expect(due.duties.currency).toBe('KZT');
  expect(Number(due.duties.totals.total)).toBeGreaterThan(0);
  expect(due.duties.explanation.length).toBeGreaterThan(0);
  expect(due.pending).toMatchObject({ by: 'declarant', deadline: expect.any(String) });

  const paid = await stack.request('POST', `/v1/declarations/${mrn}/payments`, {
    token: treasury,
    body: { method: 'PAYMENT', reference: `TRS-${mrn}`, amount: due.duties.totals.total, currency: 'KZT' },
  });
  expect(paid.status).toBe(202);
  const released = await viewWhen(mrn, (v) => v.state === 'RELEASED');
  expect(released.timeline.filter((e: any) => e.type === 'state').map((e: any) => e.state)).toEqual([
    'LODGED',
    'ACCEPTED',
    'RISK_ASSESSED',
    'DUTIES_ASSESSED',
    'AWAITING_PAYMENT',
    'RELEASED',
  ]);

  // read model and outbox
  const row = await eventually(
    async () =>
      (await stack.pool.query('SELECT state, channel FROM cases WHERE case_id = $1', [`declaration/${mrn}`]))
        .rows[0],
    (r) => r?.state === 'RELEASED',
  );
  expect(row).toEqual({ state: 'RELEASED', channel: 'GREEN' });
  const outbox = await eventually(
    async () =>
      (
        await stack.pool.query(
          'SELECT type, destination FROM outbox WHERE case_id = $1 ORDER BY created_at',
          [`declaration/${mrn}`],
        )
      ).rows,
    (rows) => rows.some((r: any) => r.type === 'declaration.released'),
  );
  expect(outbox.map((r: any) => r.type)).toEqual(
    expect.arrayContaining(['declaration.accepted', 'declaration.risk-decision', 'declaration.released']),
  );
  expect(outbox[0].destination).toBe('clearance-system:clearance-system@test');
});

test('decisions reach the clearance system webhook from the outbox, with the message id as idempotency key', async () => {
  const received: { key: string; body: any }[] = [];
  // The first delivery of the acceptance fails: the row stays queued and is retried. (Delivery runs
  // several messages at once, so "the first request" would be any of the declaration's decisions.)
  let refusals = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (JSON.parse(data).type === 'declaration.accepted' && refusals === 0) {
        refusals++;
        res.statusCode = 503;
        res.end();
        return;
      }
      received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(data) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const hook = stack.token({ role: 'clearance-system', countries: ['KZ'], sub: `hook-${Date.now()}` });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/decisions`;
    expect(
      (await stack.request('PUT', '/v1/webhook-subscription', { token: hook, body: { url } })).status,
    ).toBe(200);
    const lodged = await stack.request('POST', '/v1/declarations', {
      token: hook,
      body: { ...example('declaration-import.json'), lrn: freshLrn('hook') },
    });
    const caseId = `declaration/${lodged.body.mrn}`;
    await eventually(
      async () =>
        (
          await stack.pool.query(
            "SELECT 1 FROM outbox WHERE case_id = $1 AND type = 'declaration.accepted'",
            [caseId],
          )
        ).rowCount,
      (n) => n === 1,
    );
    // The receiver listens on loopback, which the test stack allows (CLEARWAY_WEBHOOK_ALLOW_PRIVATE).
    const deliver = () =>
      deliverOutboxOnce(stack.pool, {
        baseBackoffMs: 1,
        allowPrivate: stack.config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE,
      });
    await eventually(
      async () => {
        await deliver();
        return received.filter((r) => r.body.caseId === caseId).length;
      },
      (n) => n >= 2,
    );
    // A green declaration queues its decisions up to payment-required in one workflow task, so the
    // first delivery pass may find them all: the failed one (accepted, the oldest) comes after others.
    const accepted = await eventually(
      async () => {
        await deliver();
        return received.find((r) => r.body.caseId === caseId && r.body.type === 'declaration.accepted');
      },
      (r) => r !== undefined,
    );
    expect(accepted).toMatchObject({
      key: `${caseId}/accepted/1`,
      body: { messageId: `${caseId}/accepted/1`, type: 'declaration.accepted' },
    });
    const row = await stack.pool.query('SELECT attempts, delivered_at FROM outbox WHERE message_id = $1', [
      `${caseId}/accepted/1`,
    ]);
    // Refused once, then delivered: whichever delivery loop of the shared test database took it.
    expect(refusals).toBe(1);
    expect(row.rows[0].attempts).toBe(2);
    expect(row.rows[0].delivered_at).not.toBeNull();
  } finally {
    server.close();
  }
});
