import { Pool } from 'pg';
import { publishCase } from '../../activities/projections/cases';
import { createRiskActivities } from '../../activities/risk';
import type { CaseProjection } from '../../contracts/projection';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import { example } from '../support/examples';

/**
 * A lost workflow task (docs/decisions.md): its local activities ran and wrote, its results were
 * never recorded, and the task that replaced it runs the same steps again. Against the harness's
 * PostgreSQL: the read model ends with the replacement's timeline, and a risk round keeps its first
 * decision.
 */
let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool?.end();
});

const AT = '2026-12-02T06:44:16.250Z';
const state = (seq: number, s: string) => ({ seq, at: AT, type: 'state', state: s, actor: 'system' });

function projection(caseId: string, p: Partial<CaseProjection> & Pick<CaseProjection, 'events'>) {
  const events = p.events;
  return {
    caseId,
    kind: 'declaration',
    state: events[events.length - 1]?.state ?? 'LODGED',
    stuck: false,
    version: events[events.length - 1]?.seq ?? 0,
    createdAt: AT,
    ...p,
  };
}

async function readModel(caseId: string) {
  const row = await pool.query('SELECT state, version, epoch FROM cases WHERE case_id = $1', [caseId]);
  const events = await pool.query(
    'SELECT seq, type, state FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return { ...row.rows[0], events: events.rows.map((e) => `${e.seq} ${e.state ?? e.type}`) };
}

test("the replacing task's writes overrule the lost task's, a late write of the lost task changes nothing", async () => {
  const caseId = `declaration/LOST${Date.now()}`;
  await publishCase(
    pool,
    projection(caseId, { epoch: 3, events: [state(1, 'LODGED'), state(2, 'ACCEPTED')] }),
    [],
  );
  // The lost task (history length 3) went on: a BLUE round, an audit request, duties.
  const lost = [state(3, 'RISK_ASSESSED'), { seq: 4, at: AT, type: 'audit-requested', actor: 'system' }];
  await publishCase(
    pool,
    projection(caseId, { epoch: 3, events: lost, state: 'RISK_ASSESSED', version: 4 }),
    [],
  );
  await publishCase(pool, projection(caseId, { epoch: 3, events: [state(5, 'DUTIES_ASSESSED')] }), []);
  expect(await readModel(caseId)).toMatchObject({ state: 'DUTIES_ASSESSED', version: 5 });

  // The replacement (history length 6) starts over: a payment signalled meanwhile comes first.
  const paid = { seq: 1, at: AT, type: 'payment-received', actor: 'trader' };
  await publishCase(
    pool,
    projection(caseId, { epoch: 6, events: [paid, state(2, 'LODGED'), state(3, 'ACCEPTED')] }),
    [],
  );
  expect(await readModel(caseId)).toEqual({
    state: 'ACCEPTED',
    version: 3,
    epoch: '6',
    events: ['1 payment-received', '2 LODGED', '3 ACCEPTED'],
  });
  await publishCase(pool, projection(caseId, { epoch: 6, events: [state(4, 'RISK_ASSESSED')] }), []);
  // A write of the lost task that arrives late (its worker was only cut off) is older: ignored.
  await publishCase(pool, projection(caseId, { epoch: 3, events: [state(6, 'AWAITING_PAYMENT')] }), []);
  expect(await readModel(caseId)).toMatchObject({
    state: 'RISK_ASSESSED',
    version: 4,
    events: ['1 payment-received', '2 LODGED', '3 ACCEPTED', '4 RISK_ASSESSED'],
  });
});

test('writes of regular activities (no epoch) keep the version guard and never replace events', async () => {
  const caseId = `declaration/REG${Date.now()}`;
  await publishCase(pool, projection(caseId, { events: [state(1, 'LODGED'), state(2, 'ACCEPTED')] }), []);
  await publishCase(pool, projection(caseId, { events: [state(1, 'LODGED')] }), []);
  await publishCase(pool, projection(caseId, { events: [{ ...state(2, 'HELD') }] }), []);
  expect(await readModel(caseId)).toEqual({
    state: 'ACCEPTED',
    version: 2,
    epoch: '0',
    events: ['1 LODGED', '2 ACCEPTED'],
  });
});

test('a risk round is decided once: a repeated attempt gets the first decision and counts no hit again', async () => {
  const risk = createRiskActivities({
    pool,
    selectionKey: () => Buffer.from('lost-task-test-selection-key'),
  });
  // A declarant of this test only: other tests give the example's declarant a compliance record,
  // and with one the example hits no rule of the demo profile (score 0 with or without AEO).
  const lodged = example('declaration-import.json') as { declarant: object };
  const declaration = DeclarationSchema.parse({
    ...lodged,
    declarant: { ...lodged.declarant, tin: `KZLOSTTASK${Date.now()}` },
  });
  const eventKey = `declaration/RISK${Date.now()}/risk/1`;
  const req = {
    declaration,
    mrn: 'RISK-ONCE',
    seed: 'declaration/RISK-ONCE',
    office: declaration.officeOfDeclaration,
    acceptanceDate: '2026-12-02',
    eventKey,
  };
  const first = await risk.assessDeclarationRisk(req);
  const hitsBefore = await pool.query('SELECT sum(hits)::int AS n FROM risk_rule_stats');
  // Between the attempts the facts changed (here: the declarant became an AEO, which lowers the score).
  const again = await risk.assessDeclarationRisk({
    ...req,
    declaration: { ...declaration, declarant: { ...declaration.declarant, aeo: true } },
  });
  const fresh = await risk.assessDeclarationRisk({
    ...req,
    declaration: { ...declaration, declarant: { ...declaration.declarant, aeo: true } },
    eventKey: `${eventKey}-other`,
  });
  expect(again).toEqual(first);
  expect(fresh.score).not.toBe(first.score);
  const hitsAfter = await pool.query('SELECT sum(hits)::int AS n FROM risk_rule_stats');
  expect(hitsAfter.rows[0].n - hitsBefore.rows[0].n).toBe(fresh.hits.length);
});
