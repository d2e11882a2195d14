import { clearance, freshLrn, stack, useClearanceStack } from '../support/clearance';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 13, point 5: a write the database refuses for good does not freeze a case unseen. The
 * database is made to refuse this one declaration's row (a CHECK constraint on its LRN, a 23514 the
 * activity maps to a non-retryable data error); the case shows up stuck with the reason in
 * `GET /v1/cases?stuck=true`; a supervisor's retry before the fix changes nothing, one after it moves
 * the case on.
 */
useClearanceStack('e2e-failed-step');

test('a non-retryable data error marks the case stuck with the reason; a supervisor retry once fixed moves it on', async () => {
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const lrn = freshLrn('poison');
  const constraint = `refuse_${lrn.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
  await stack.pool.query(
    `ALTER TABLE cases ADD CONSTRAINT ${constraint} CHECK (lrn IS DISTINCT FROM '${lrn}') NOT VALID`,
  );
  try {
    const lodged = await stack.request('POST', '/v1/declarations', {
      token: clearance,
      body: { ...example('declaration-import.json'), lrn },
    });
    expect(lodged.status).toBe(202);
    const caseId = `declaration/${lodged.body.mrn}`;
    const view = () => stack.request('GET', `/v1/cases/${caseId}`, { token: supervisor });

    const stuck = await eventually(view, (r) => r.body?.stuck === true);
    // One read-model write per workflow task: the first is the green case's first task's, at AWAITING_PAYMENT.
    expect(stuck.body.state).toBe('AWAITING_PAYMENT');
    expect(stuck.body.timeline.at(-1)).toMatchObject({
      type: 'step-failed',
      reason: expect.stringMatching(
        /^read-model write failed: PostgreSQL refused the data \(SQLSTATE 23514\)/,
      ),
    });
    const listed = await eventually(
      () => stack.request('GET', '/v1/cases?stuck=true&kind=declaration', { token: supervisor }),
      (r) => r.body?.cases?.some((c: { caseId: string }) => c.caseId === caseId),
      30_000,
    );
    expect(listed.body.cases.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({
      stuck: true,
      state: 'AWAITING_PAYMENT',
    });
    const stored = async () => ({
      cases: (await stack.pool.query('SELECT count(*)::int AS n FROM cases WHERE case_id = $1', [caseId]))
        .rows[0].n,
      outbox: (await stack.pool.query('SELECT count(*)::int AS n FROM outbox WHERE case_id = $1', [caseId]))
        .rows[0].n,
    });
    expect(await stored()).toEqual({ cases: 0, outbox: 0 });

    // Retried before the fix: refused by the database again, still stuck, still nothing stored.
    const signal = (reason: string) =>
      stack.request('POST', `/v1/cases/${caseId}/signals/retry`, { token: supervisor, body: { reason } });
    expect((await signal('try again')).status).toBe(200);
    const again = await eventually(
      view,
      (r) => r.body?.timeline?.filter((e: { type: string }) => e.type === 'step-failed').length === 2,
    );
    expect(again.body.stuck).toBe(true);
    expect(await stored()).toEqual({ cases: 0, outbox: 0 });

    await stack.pool.query(`ALTER TABLE cases DROP CONSTRAINT ${constraint}`);
    expect((await signal('constraint removed')).status).toBe(200);
    const moved = await eventually(view, (r) => r.body?.state === 'AWAITING_PAYMENT' && !r.body.stuck);
    expect(moved.body.timeline.filter((e: { type: string }) => e.type === 'retry')).toHaveLength(2);
    const row = await eventually(
      async () =>
        (await stack.pool.query('SELECT state, stuck FROM cases WHERE case_id = $1', [caseId])).rows[0],
      (r) => r?.state === 'AWAITING_PAYMENT',
    );
    expect(row).toEqual({ state: 'AWAITING_PAYMENT', stuck: false });
    const accepted = await stack.pool.query(
      "SELECT count(*)::int AS n FROM outbox WHERE case_id = $1 AND type = 'declaration.accepted'",
      [caseId],
    );
    expect(accepted.rows[0].n).toBe(1);

    // Nothing is stuck any more: a retry now is refused with the reason.
    const refused = await signal('once more');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/retry applies to a case stuck on a failed step/);
  } finally {
    await stack.pool.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS ${constraint}`);
  }
});
