import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 13, point 5, for a transit movement (runs since `transit-stuck-on-failed-write`): the
 * database is made to refuse this one movement's read-model row (a CHECK constraint on its LRN, a
 * 23514 the activity maps to a non-retryable data error). The movement shows up stuck with the reason
 * in `GET /v1/cases?stuck=true&kind=transit` and on its case page; a supervisor outside its country
 * or office cannot retry it (404); a retry before the fix changes nothing, one after it releases the
 * movement, with its row and its anticipated records written once.
 */
let stack: TestStack;
let clearance: string;
let supervisor: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-transit-failed-step');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  // The movement's case belongs to its office of departure (CNURU001).
  supervisor = stack.token({ role: 'supervisor', countries: ['CN'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

test('a refused read-model write marks the movement stuck with the reason; a supervisor retry once fixed releases it', async () => {
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  const registered = await stack.request('POST', '/v1/guarantees', {
    token: clearance,
    body: { ...example('guarantee.json'), grn },
  });
  expect(registered.status).toBe(202);
  const movement = JSON.parse(JSON.stringify(example('transit.json')));
  movement.lrn = `E2E-P-${rand()}`;
  movement.guarantee.grn = grn;
  const constraint = `refuse_${movement.lrn.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
  await stack.pool.query(
    `ALTER TABLE cases ADD CONSTRAINT ${constraint} CHECK (lrn IS DISTINCT FROM '${movement.lrn}') NOT VALID`,
  );
  try {
    const lodged = await stack.request('POST', '/v1/transits', { token: clearance, body: movement });
    expect(lodged.status).toBe(202);
    const caseId = `transit/${lodged.body.mrn}`;
    const view = () => stack.request('GET', `/v1/cases/${caseId}`, { token: supervisor });
    const failures = (r: { body: any }) =>
      (r.body?.timeline ?? []).filter((e: { type: string }) => e.type === 'step-failed').length;

    const stuck = await eventually(view, (r) => r.body?.stuck === true);
    expect(stuck.body.state).toBe('ACCEPTED');
    expect(stuck.body.timeline.at(-1)).toMatchObject({
      type: 'step-failed',
      reason: expect.stringMatching(
        /^read-model write failed: PostgreSQL refused the data \(SQLSTATE 23514\)/,
      ),
    });
    const listed = await eventually(
      () => stack.request('GET', '/v1/cases?stuck=true&kind=transit', { token: supervisor }),
      (r) => r.body?.cases?.some((c: { caseId: string }) => c.caseId === caseId),
      30_000,
    );
    expect(listed.body.cases.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({
      kind: 'transit',
      stuck: true,
      state: 'ACCEPTED',
    });
    const stored = async () => ({
      cases: (await stack.pool.query('SELECT count(*)::int AS n FROM cases WHERE case_id = $1', [caseId]))
        .rows[0].n,
      outbox: (await stack.pool.query('SELECT count(*)::int AS n FROM outbox WHERE case_id = $1', [caseId]))
        .rows[0].n,
    });
    expect(await stored()).toEqual({ cases: 0, outbox: 0 });

    const retry = (reason: string, token = supervisor) =>
      stack.request('POST', `/v1/cases/${caseId}/signals/retry`, { token, body: { reason } });
    // Out of scope: another administration's supervisor, and one of another office, see no such case.
    const otherCountry = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const otherOffice = stack.token({ role: 'supervisor', countries: ['CN'], offices: ['CNKHG001'] });
    expect((await retry('not mine', otherCountry)).status).toBe(404);
    expect((await retry('not mine', otherOffice)).status).toBe(404);
    expect(failures(await view())).toBe(1);

    // Retried before the fix: refused by the database again, still stuck, still nothing stored.
    expect((await retry('try again')).status).toBe(200);
    const again = await eventually(view, (r) => failures(r) === 2);
    expect(again.body.stuck).toBe(true);
    expect(await stored()).toEqual({ cases: 0, outbox: 0 });

    await stack.pool.query(`ALTER TABLE cases DROP CONSTRAINT ${constraint}`);
    expect((await retry('constraint removed')).status).toBe(200);
    const moved = await eventually(view, (r) => r.body?.state === 'RELEASED_FOR_TRANSIT');
    expect(moved.body.stuck).toBe(false);
    expect(moved.body.timeline.filter((e: { type: string }) => e.type === 'retry')).toHaveLength(2);
    const row = await eventually(
      async () =>
        (await stack.pool.query('SELECT state, stuck FROM cases WHERE case_id = $1', [caseId])).rows[0],
      (r) => r?.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(row).toEqual({ state: 'RELEASED_FOR_TRANSIT', stuck: false });
    const events = await stack.pool.query(
      "SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM case_events WHERE case_id = $1 AND type = 'step-failed'",
      [caseId],
    );
    expect(events.rows[0]).toEqual({ n: 2, seqs: 2 });
    const aar = await stack.pool.query(
      "SELECT count(*)::int AS n FROM outbox WHERE case_id = $1 AND type = 'ANTICIPATED_ARRIVAL_RECORD'",
      [caseId],
    );
    expect(aar.rows[0].n).toBe(1);
    await eventually(
      () => stack.request('GET', '/v1/cases?stuck=true&kind=transit', { token: supervisor }),
      (r) => r.body?.cases?.every((c: { caseId: string }) => c.caseId !== caseId),
      30_000,
    );

    // Nothing is stuck any more: a retry now is refused with the reason.
    const refused = await retry('once more');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/retry applies to a case stuck on a failed step/);
  } finally {
    await stack.pool.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS ${constraint}`);
  }
});
