import { Pool } from 'pg';
import { intelligenceHitsOf, noteIntelligenceHit } from '../../activities/alert/feedback';
import {
  indexCaseGoods,
  indexedGoodsOf,
  indexNewCaseGoods,
  openCasesWithGoods,
} from '../../activities/alert/goods';
import { publishCase } from '../../activities/projections/cases';

/**
 * The two read-model indexes of alerts (migration 1070) against the harness's PostgreSQL: the goods
 * of open cases, replaced at each risk assessment, written once by the transit door, left by a case
 * that closes; and the alerts that told a declaration, read with its timeline's intelligence hits.
 */
let pool: Pool;
beforeAll(() => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool?.end();
});

const AT = '2026-12-02T06:44:16.250Z';
const uniq = () => `${Date.now()}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
/** A heading of this test only: 97 is works of art, which no other test lodges. */
const heading = () => `97${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;

function entering(caseId: string, state: string, seq: number, extra: object = {}) {
  return {
    caseId,
    kind: 'declaration',
    state,
    stuck: false,
    version: seq,
    createdAt: AT,
    events: [{ seq, at: AT, type: 'state', state, actor: 'system' }],
    ...extra,
  };
}

test("an amendment replaces a declaration's goods; release takes it out of both indexes", async () => {
  const caseId = `declaration/IDX${uniq()}`;
  const h = heading();
  await indexCaseGoods(pool, caseId, [
    { heading: h, origin: 'CN' },
    { heading: h, origin: 'TR' },
  ]);
  await indexCaseGoods(pool, caseId, [
    { heading: h, origin: 'TR' },
    { heading: h, origin: 'VN' },
  ]);
  expect(await indexedGoodsOf(pool, caseId)).toEqual([
    { heading: h, origin: 'TR' },
    { heading: h, origin: 'VN' },
  ]);
  await publishCase(pool, entering(caseId, 'UNDER_CONTROL', 1), []);
  expect(await openCasesWithGoods(pool, h, 'VN')).toContain(caseId);
  await noteIntelligenceHit(pool, caseId, 'KZ-LTEST1');
  await noteIntelligenceHit(pool, caseId, 'KZ-LTEST1');
  expect(await intelligenceHitsOf(pool, caseId)).toEqual(['KZ-LTEST1']);

  await publishCase(pool, entering(caseId, 'RELEASED', 2), []);
  expect(await indexedGoodsOf(pool, caseId)).toEqual([]);
  expect(await intelligenceHitsOf(pool, caseId)).toEqual([]);
  expect(await openCasesWithGoods(pool, h, 'VN')).not.toContain(caseId);
  await indexCaseGoods(pool, caseId, []);
  expect(await indexedGoodsOf(pool, caseId)).toEqual([]);
});

test("the transit door writes a movement's goods once; a closed movement's rows are left out on raising", async () => {
  const caseId = `transit/IDX${uniq()}`;
  const h = heading();
  await indexNewCaseGoods(pool, caseId, [{ heading: h, origin: 'CN' }]);
  // A lodging refused for other content under the same id changes nothing.
  await indexNewCaseGoods(pool, caseId, [{ heading: h, origin: 'KZ' }]);
  expect(await indexedGoodsOf(pool, caseId)).toEqual([{ heading: h, origin: 'CN' }]);
  // No read-model row yet: just lodged, so it is a candidate.
  expect(await openCasesWithGoods(pool, h, 'CN')).toContain(caseId);
  await publishCase(pool, { ...entering(caseId, 'RELEASED_FOR_TRANSIT', 1), kind: 'transit' }, []);
  expect(await openCasesWithGoods(pool, h, 'CN')).toContain(caseId);
  // A closed row is left out even if rows came back (a lodging repeated after it closed).
  await publishCase(pool, { ...entering(caseId, 'ARRIVED', 2), kind: 'transit' }, []);
  expect(await indexedGoodsOf(pool, caseId)).toEqual([]);
  await indexNewCaseGoods(pool, caseId, [{ heading: h, origin: 'CN' }]);
  expect(await openCasesWithGoods(pool, h, 'CN')).not.toContain(caseId);
});
