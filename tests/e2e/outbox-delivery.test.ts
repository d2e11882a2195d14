import http from 'node:http';
import { freePort } from '../../scripts/services';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { sinkMail } from '../support/mail';
import { eventually } from '../support/temporal';

/**
 * Issue 15, point 4, on the real stack with the worker's delivery running: webhooks retried while
 * the receiver is down and delivered once when it is up; a permanent refusal dead-lettered with its
 * reason and delivered on an operator's retry; a supervisor's stuck notice and a guarantee's expiry
 * warning mailed through the real SMTP sink of the test setup (tests/support/mail.ts).
 */
const DAY_MS = 86_400_000;
/** The guarantee's expiry warning falls due this long after setup: room to open a movement on it first. */
const WARNING_AFTER_MS = 60_000;

let stack: TestStack;
let kzSupervisor: string;
let guarantee: { grn: string; validUntil: string; mrn: string; holderTin: string };
const holderHits: { key: string; signature: string; body: any }[] = [];
let holderServer: http.Server;

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const listen = (server: http.Server, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
const close = (server: http.Server) => new Promise<void>((r) => server.close(() => r()));

/** A webhook receiver recording each delivery; `answer` decides the status. */
function receiver(answer: () => number) {
  const hits: { key: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const status = answer();
      if (status < 300) hits.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(data) });
      res.statusCode = status;
      res.end(status < 300 ? '' : 'refused: unknown declarant');
    });
  });
  return { server, hits };
}

async function subscribedClearanceSystem(url: string): Promise<string> {
  const token = stack.token({ role: 'clearance-system', countries: ['KZ'], sub: `cs-${rand()}` });
  expect((await stack.request('PUT', '/v1/webhook-subscription', { token, body: { url } })).status).toBe(200);
  return token;
}

async function lodge(token: string): Promise<string> {
  const body = { ...example('declaration-import.json'), lrn: `E2E-DLV-${rand()}` };
  const lodged = await post('/v1/declarations', token, body);
  expect(lodged.status).toBe(202);
  return `declaration/${lodged.body.mrn}`;
}

const outboxOf = async (caseId: string, destination: string) =>
  (
    await stack.pool.query(
      `SELECT message_id, type, attempts, delivered_at, dead_at, dead_reason FROM outbox
        WHERE case_id = $1 AND destination = $2 ORDER BY created_at`,
      [caseId, destination],
    )
  ).rows;

beforeAll(async () => {
  const today = new Date().toISOString().slice(0, 10);
  const validUntil = new Date(Date.parse(today) + 3 * DAY_MS).toISOString().slice(0, 10);
  const endsAt = Date.parse(validUntil) + DAY_MS;
  const leadS = Math.floor((endsAt - Date.now() - WARNING_AFTER_MS) / 1000);
  process.env.CLEARWAY_TRANSIT_CONFIG = JSON.stringify({ expiryWarningLead: `${leadS}s` });
  process.env.CLEARWAY_DECLARATION_CONFIG = JSON.stringify({ sla: { default: { AWAITING_PAYMENT: '2s' } } });
  stack = await startTestStack(
    'e2e-delivery',
    {
      CLEARWAY_DELIVERY_BACKOFF: '300ms',
      CLEARWAY_DELIVERY_MAX_BACKOFF: '2s',
      CLEARWAY_WORKER_METRICS_PORT: '0',
    },
    { delivery: {} },
  );
  kzSupervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });

  // The holder's webhook, registered by a KZ administrator (the guarantee's administration).
  holderServer = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      holderHits.push({
        key: String(req.headers['idempotency-key']),
        signature: String(req.headers['x-clearway-signature']),
        body: JSON.parse(data),
      });
      res.statusCode = 204;
      res.end();
    });
  });
  const holderPort = await listen(holderServer);
  const g = example('guarantee.json');
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  const holderTin = g.holder.tin as string;
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const registered = await stack.request('PUT', '/v1/outbox/party-webhooks', {
    token: admin,
    body: {
      destination: `holder:${holderTin}`,
      country: 'KZ',
      url: `http://127.0.0.1:${holderPort}/guarantees`,
      secret: 'holder-webhook-secret-0123456789',
    },
  });
  expect(registered.status).toBe(200);

  // A guarantee whose expiry warning falls due in a minute, with a movement open on it by then.
  const clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  expect((await post('/v1/guarantees', clearance, { ...g, grn, validUntil })).status).toBe(202);
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `E2E-DLV-T-${rand()}`;
  t.guarantee.grn = grn;
  const lodged = await post('/v1/transits', clearance, t);
  expect(lodged.status).toBe(202);
  guarantee = { grn, validUntil, mrn: lodged.body.mrn, holderTin };
}, 60_000);

afterAll(async () => {
  delete process.env.CLEARWAY_TRANSIT_CONFIG;
  delete process.env.CLEARWAY_DECLARATION_CONFIG;
  await stack?.close();
  if (holderServer) await close(holderServer);
});

test('a webhook receiver down, then up: retried with back-off, every message delivered once, by itself', async () => {
  const port = await freePort();
  const token = await subscribedClearanceSystem(`http://127.0.0.1:${port}/decisions`);
  const caseId = await lodge(token);
  const destination = `clearance-system:${JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub}`;
  // Nothing listens: the first messages fail and are retried, still undelivered.
  const down = await eventually(
    () => outboxOf(caseId, destination),
    (rows) => rows.some((r) => r.attempts >= 2),
  );
  expect(down.every((r) => r.delivered_at === null && r.dead_at === null)).toBe(true);

  const { server, hits } = receiver(() => 204);
  await listen(server, port);
  try {
    const delivered = await eventually(
      () => outboxOf(caseId, destination),
      (rows) => rows.length >= 3 && rows.every((r) => r.delivered_at !== null),
      30_000,
    );
    const keys = hits.filter((h) => h.body.caseId === caseId).map((h) => h.key);
    expect([...keys].sort()).toEqual(delivered.map((r) => r.message_id).sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(delivered.find((r) => r.type === 'declaration.accepted')?.attempts).toBeGreaterThanOrEqual(2);
  } finally {
    await close(server);
  }
});

test('a permanent refusal is dead-lettered with its reason; an operator of its country retries it and it is delivered', async () => {
  let accept = false;
  const { server, hits } = receiver(() => (accept ? 204 : 422));
  const port = await listen(server);
  try {
    const token = await subscribedClearanceSystem(`http://127.0.0.1:${port}/decisions`);
    const caseId = await lodge(token);
    const dead = await eventually(
      async () => (await stack.request('GET', '/v1/outbox/dead-letters', { token: kzSupervisor })).body,
      (b) => b?.deadLetters?.some((d: any) => d.caseId === caseId && d.type === 'declaration.accepted'),
    );
    const letter = dead.deadLetters.find(
      (d: any) => d.caseId === caseId && d.type === 'declaration.accepted',
    );
    expect(letter).toMatchObject({
      country: 'KZ',
      attempts: 1,
      reason: expect.stringMatching(/^HTTP 422 from /),
    });

    const metrics = await (await fetch(`${stack.workerMetricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/clearway_outbox_deliveries_total\{[^}]*outcome="dead-lettered"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/clearway_outbox_dead_letters\{[^}]*destination="clearance-system"[^}]*\} [1-9]/);

    // Another administration neither sees nor retries it; a retry without a reason is a 400.
    const cn = stack.token({ role: 'supervisor', countries: ['CN'] });
    const cnList = await stack.request('GET', '/v1/outbox/dead-letters', { token: cn });
    expect(cnList.body.deadLetters.some((d: any) => d.caseId === caseId)).toBe(false);
    const retry = (t: string, body: unknown) => post('/v1/outbox/dead-letters/retry', t, body);
    expect((await retry(cn, { messageId: letter.messageId, reason: 'not ours' })).status).toBe(404);
    const bad = await retry(kzSupervisor, { messageId: letter.messageId });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.path)).toContain('reason');
    expect(hits).toEqual([]);

    accept = true;
    expect(
      (await retry(kzSupervisor, { messageId: letter.messageId, reason: 'declarant registered' })).status,
    ).toBe(202);
    await eventually(
      async () =>
        (
          await stack.pool.query('SELECT delivered_at, retried_by FROM outbox WHERE message_id = $1', [
            letter.messageId,
          ])
        ).rows[0],
      (r) => r.delivered_at !== null,
    );
    expect(hits.filter((h) => h.key === letter.messageId)).toHaveLength(1);
    const after = await stack.request('GET', '/v1/outbox/dead-letters', { token: kzSupervisor });
    expect(after.body.deadLetters.some((d: any) => d.messageId === letter.messageId)).toBe(false);
    expect((await retry(kzSupervisor, { messageId: letter.messageId, reason: 'once more' })).status).toBe(
      404,
    );
  } finally {
    await close(server);
  }
});

test("a supervisor's stuck notice reaches the SMTP sink, naming the case and linking the console", async () => {
  const caseId = await lodge(
    stack.token({ role: 'clearance-system', countries: ['KZ'], sub: `cs-${rand()}` }),
  );
  const mail = await eventually(
    async () => sinkMail().filter((m) => m.subject.includes(`case-stuck: ${caseId}`)),
    (found) => found.length > 0,
    30_000,
  );
  expect(mail).toHaveLength(1);
  expect(mail[0].to).toEqual(['supervisor.kzala001@clearway.test']);
  expect(mail[0].text).toContain(`Case ${caseId} is stuck in AWAITING_PAYMENT`);
  expect(mail[0].text).toContain(`#/case/${caseId}`);
  expect(mail[0].messageId).toBe(
    (await outboxOf(caseId, 'supervisor:KZALA001')).find((r) => r.type === 'case-stuck')?.message_id,
  );
});

test(
  "a guarantee's expiry warning reaches the offices of its open movement by mail and its holder's webhook",
  async () => {
    const caseId = `guarantee/${guarantee.grn}`;
    const warnings = await eventually(
      async () => sinkMail().filter((m) => m.subject.includes(`GUARANTEE_EXPIRY_WARNING: ${caseId}`)),
      (found) => found.length > 0,
      WARNING_AFTER_MS + 30_000,
    );
    const rows = (
      await stack.pool.query(
        `SELECT destination FROM outbox WHERE case_id = $1 AND type = 'GUARANTEE_EXPIRY_WARNING' AND destination LIKE 'office:%'`,
        [caseId],
      )
    ).rows.map((r) => r.destination);
    expect(rows).toContain('office:CNURU001');
    const all = await eventually(
      async () => sinkMail().filter((m) => m.subject.includes(`GUARANTEE_EXPIRY_WARNING: ${caseId}`)),
      (found) => found.length === rows.length,
    );
    expect(all.map((m) => m.to[0]).sort()).toEqual(
      rows.map((d) => `${d.slice(7).toLowerCase()}@clearway.test`).sort(),
    );
    expect(warnings[0].text).toContain(`Guarantee ${guarantee.grn} expires on ${guarantee.validUntil}`);
    expect(warnings[0].text).toContain(guarantee.mrn);

    const hit = await eventually(
      async () =>
        holderHits.find((h) => h.body.caseId === caseId && h.body.type === 'GUARANTEE_EXPIRY_WARNING'),
      (h) => h !== undefined,
    );
    expect(hit!.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hit!.key).toBe(
      `${caseId}/GUARANTEE_EXPIRY_WARNING/${guarantee.validUntil}/holder:${guarantee.holderTin}`,
    );
  },
  WARNING_AFTER_MS + 60_000,
);
