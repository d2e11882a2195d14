import { ApplicationFailure } from '@temporalio/common';
import { Pool } from 'pg';
import { createActivities } from '../../activities';
import { nonRetryableData } from '../../activities/data-failure';
import type { CaseProjection } from '../../contracts/projection';

/**
 * PostgreSQL data errors raised in activities are non-retryable (issue 13, point 5): a NUL that
 * reached a projection used to be retried for ever. Against the real PostgreSQL of the harness.
 */
let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool?.end();
});

const projection = (
  caseId: string,
  reason: string,
  details: Record<string, unknown> = {},
): CaseProjection => ({
  caseId,
  kind: 'declaration',
  state: 'ACCEPTED',
  stuck: false,
  version: 1,
  createdAt: new Date().toISOString(),
  events: [
    { seq: 1, at: new Date().toISOString(), type: 'state', state: 'ACCEPTED', actor: 'system', reason },
  ],
  details,
});

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

test('a NUL in a timeline reason (text) or in the details (jsonb) fails non-retryable, naming the SQLSTATE; nothing is stored', async () => {
  const acts = createActivities({ pool, selectionKey: () => Buffer.from('data-errors-test-selection-key') });
  const text = await failureOf(
    acts.publishCase(projection(`declaration/NUL-T-${Date.now()}`, 'a\u0000b'), []),
  );
  expect(text).toMatchObject({ type: 'DataError', nonRetryable: true });
  expect(text.message).toMatch(/SQLSTATE 22021/);
  const jsonCase = `declaration/NUL-J-${Date.now()}`;
  const json = await failureOf(acts.projectCase(projection(jsonCase, 'fine', { note: 'a\u0000b' })));
  expect(json).toMatchObject({ type: 'DataError', nonRetryable: true });
  expect(json.message).toMatch(/SQLSTATE 22P05/);
  const rows = await pool.query('SELECT count(*)::int AS n FROM cases WHERE case_id = $1', [jsonCase]);
  expect(rows.rows[0].n).toBe(0);
});

test('connection errors, unique violations and plain errors stay retryable', () => {
  for (const code of ['08006', '57P01', '23505', '23503', 'ECONNREFUSED']) {
    const err = Object.assign(new Error('x'), { code });
    expect(nonRetryableData(err)).toBe(err);
  }
  const plain = new Error('boom');
  expect(nonRetryableData(plain)).toBe(plain);
  const check = nonRetryableData(Object.assign(new Error('violates check'), { code: '23514' }));
  expect(check).toMatchObject({ type: 'DataError', nonRetryable: true, details: [{ sqlstate: '23514' }] });
});
