import type { Pool } from 'pg';
import type { CaseProjection } from '../../contracts/projection';
import { closedStatesOf, goodsClosed, type IndexedGoods } from '../../domain/alert/goods';

/**
 * The goods index of open cases (`case_goods`, migration 1070): a commodity alert's raising finds the
 * open declarations and movements carrying its heading and origin here (docs/alerts.md, "Matching").
 */

/**
 * The case's goods as lodged (or amended): replaces what the index held for it, in one statement
 * (rows no longer lodged go, new ones come: the two sets are disjoint). Every lodgement's risk
 * assessment runs it, so one round trip.
 */
export async function indexCaseGoods(pool: Pool, caseId: string, goods: IndexedGoods): Promise<void> {
  await pool.query(
    `WITH fresh AS (SELECT * FROM unnest($2::text[], $3::text[]) AS g(heading, origin)),
          gone AS (DELETE FROM case_goods c WHERE c.case_id = $1 AND NOT EXISTS
                     (SELECT 1 FROM fresh f WHERE f.heading = c.hs_heading AND f.origin = c.origin))
     INSERT INTO case_goods (case_id, hs_heading, origin)
     SELECT $1, heading, origin FROM fresh ON CONFLICT DO NOTHING`,
    [caseId, goods.map((g) => g.heading), goods.map((g) => g.origin)],
  );
}

/**
 * A case's goods, written before its workflow starts (so its own lodgement check finds them), only
 * when the index holds nothing for it yet: a repeated lodging changes nothing, and one refused for
 * other content under the same id leaves the lodged case's goods as they are. A lodging whose start
 * then failed leaves rows no workflow answers for, and one repeated after the case closed puts rows
 * back under a closed read-model row: the raising leaves both out.
 */
export async function indexNewCaseGoods(pool: Pool, caseId: string, goods: IndexedGoods): Promise<void> {
  if (!goods.length) return;
  await pool.query(
    `INSERT INTO case_goods (case_id, hs_heading, origin)
     SELECT $1, g.heading, g.origin FROM unnest($2::text[], $3::text[]) AS g(heading, origin)
      WHERE NOT EXISTS (SELECT 1 FROM case_goods WHERE case_id = $1)
     ON CONFLICT DO NOTHING`,
    [caseId, goods.map((g) => g.heading), goods.map((g) => g.origin)],
  );
}

/** What the index holds for one case. */
export async function indexedGoodsOf(pool: Pool, caseId: string): Promise<IndexedGoods> {
  const { rows } = await pool.query<{ heading: string; origin: string }>(
    'SELECT hs_heading AS heading, origin FROM case_goods WHERE case_id = $1 ORDER BY hs_heading, origin',
    [caseId],
  );
  return rows;
}

/**
 * Whether a projection takes the case out of the index, and out of the alert hits waiting for its
 * control result (activities/alert/feedback.ts): it enters a closed state. The case write deletes
 * both in its own statement (activities/projections/cases.ts).
 */
export function leavesGoodsIndex(p: CaseProjection): boolean {
  return goodsClosed(p.kind, p.state) && p.events.some((e) => e.type === 'state');
}

/**
 * The open cases carrying the heading from the origin, by the index. A case whose read-model row is
 * closed is left out (its closing write and a late lodgement write may have crossed); one with no row
 * yet was just lodged.
 */
export async function openCasesWithGoods(pool: Pool, heading: string, origin: string): Promise<string[]> {
  const { rows } = await pool.query<{ case_id: string }>(
    `SELECT g.case_id FROM case_goods g LEFT JOIN cases c ON c.case_id = g.case_id
      WHERE g.hs_heading = $1 AND g.origin = $2
        AND (c.case_id IS NULL
             OR (c.kind = 'declaration' AND c.state <> ALL($3::text[]))
             OR (c.kind = 'transit' AND c.state <> ALL($4::text[])))
      ORDER BY g.case_id`,
    [heading, origin, closedStatesOf('declaration'), closedStatesOf('transit')],
  );
  return [...new Set(rows.map((r) => r.case_id))];
}
