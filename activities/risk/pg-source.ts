import type { Pool } from 'pg';
import { inTransaction } from '../db/transaction';
import { NATIONAL_CURRENCY } from '../../domain/codes';
import { Dec } from '../../domain/money';
import {
  recordControlOutcome,
  type RiskDecision,
  type RiskFactsContext,
  type RiskRuleStatistics,
} from '../../domain/risk';
import type { TariffBook } from '../../domain/tariff';
import { fetchTariffBook } from '../reference/lookups';
import { fetchActiveRiskProfile, loadDemoRiskProfiles } from './profiles';
import type { RiskSource } from './source';

/**
 * The production risk source. Control outcomes update each rule's hit rate (`risk_rule_stats`) and
 * the declarant's compliance record; every count is keyed by an event key, so a retried activity
 * counts nothing twice.
 */

/** Runs `fn` in a transaction unless `eventKey` was already recorded (then nothing happens). */
async function once(pool: Pool, eventKey: string, fn: (q: Pool['query']) => Promise<void>): Promise<void> {
  await inTransaction(pool, async (client) => {
    const first = await client.query(
      'INSERT INTO risk_stat_events (event_key) VALUES ($1) ON CONFLICT DO NOTHING',
      [eventKey],
    );
    if ((first.rowCount ?? 0) > 0) await fn(client.query.bind(client) as Pool['query']);
  });
}

/**
 * The order every statement takes rule rows in (distinct ids, sorted): the hit count of a risk round
 * and the lock of a control outcome may touch the same rows at once, and one order cannot deadlock.
 */
function lockOrder(ruleIds: readonly string[]): string[] {
  return [...new Set(ruleIds)].sort();
}

/** Every rule's figures in one statement. */
async function writeStats(q: Pool['query'], profileId: string, stats: RiskRuleStatistics): Promise<void> {
  const rows = Object.entries(stats);
  if (!rows.length) return;
  await q(
    `INSERT INTO risk_rule_stats (profile_id, rule_id, hits, controls, non_conform, hit_rate, updated_at)
     SELECT $1, s.rule_id, s.hits, s.controls, s.non_conform, s.hit_rate, now()
       FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::float8[])
         AS s(rule_id, hits, controls, non_conform, hit_rate)
     ON CONFLICT (profile_id, rule_id) DO UPDATE SET hits = EXCLUDED.hits, controls = EXCLUDED.controls,
       non_conform = EXCLUDED.non_conform, hit_rate = EXCLUDED.hit_rate, updated_at = now()`,
    [
      profileId,
      rows.map(([id]) => id),
      rows.map(([, s]) => s.hits),
      rows.map(([, s]) => s.controls),
      rows.map(([, s]) => s.nonConform),
      rows.map(([, s]) => s.hitRate),
    ],
  );
}

/**
 * The rules' rows, created when missing, locked and read in one statement, in `lockOrder`: the
 * update that changes nothing takes the row lock as SELECT ... FOR UPDATE would, and waits for a
 * concurrent writer as it would.
 */
async function lockedStats(
  q: Pool['query'],
  profileId: string,
  ruleIds: string[],
): Promise<RiskRuleStatistics> {
  const res = await q(
    `INSERT INTO risk_rule_stats (profile_id, rule_id)
     SELECT $1, r FROM unnest($2::text[]) AS r ORDER BY r
     ON CONFLICT (profile_id, rule_id) DO UPDATE SET hits = risk_rule_stats.hits
     RETURNING rule_id, hits, controls, non_conform, hit_rate`,
    [profileId, lockOrder(ruleIds)],
  );
  return Object.fromEntries(
    (
      res.rows as { rule_id: string; hits: number; controls: number; non_conform: number; hit_rate: number }[]
    ).map((r) => [
      r.rule_id,
      { hits: r.hits, controls: r.controls, nonConform: r.non_conform, hitRate: r.hit_rate },
    ]),
  );
}

/**
 * Keeps a round's decision under its event key and counts one hit for each distinct rule that hit
 * (`recordRuleHits` as an increment), in one statement: the rules' rows are locked only while it
 * runs, not across round trips, so declarations hitting the same rule do not queue behind each
 * other's transactions; rows are taken in `lockOrder`. False when a decision was kept before (a
 * repeated attempt): nothing is counted again.
 */
async function keepDecision(pool: Pool, eventKey: string, decision: RiskDecision): Promise<boolean> {
  const kept = await pool.query<{ kept: boolean }>(
    `WITH kept AS (
       INSERT INTO risk_decisions (event_key, decision) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
     ), counted AS (
       INSERT INTO risk_rule_stats AS s (profile_id, rule_id, hits)
       SELECT $3, r, 1 FROM unnest($4::text[]) AS r WHERE EXISTS (SELECT 1 FROM kept) ORDER BY r
       ON CONFLICT (profile_id, rule_id) DO UPDATE SET hits = s.hits + 1, updated_at = now()
     )
     SELECT EXISTS (SELECT 1 FROM kept) AS kept`,
    [eventKey, JSON.stringify(decision), decision.profileId, lockOrder(decision.hits.map((h) => h.ruleId))],
  );
  return kept.rows[0].kept;
}

/**
 * How far back an audit closed with adverse findings still counts as "recent" for the declarant's
 * next declarations (the `recentAdverseAudits` fact; docs/audit-api.md).
 */
export const ADVERSE_AUDIT_LOOKBACK_DAYS = 365;

export function pgRiskSource(pool: Pool, opts: { cacheMs?: number } = {}): RiskSource {
  const cacheMs = opts.cacheMs ?? 60_000;
  let book: { at: number; value: Promise<TariffBook> } | undefined;
  const getBook = () => {
    if (!book || Date.now() - book.at > cacheMs) {
      const value = fetchTariffBook(pool);
      value.catch(() => (book = undefined));
      book = { at: Date.now(), value };
    }
    return book.value;
  };
  // One seeding per process, shared by concurrent first calls (a burst of declarations at start-up
  // must not see "no profile" while another call is still seeding).
  let seeding: Promise<unknown> | undefined;
  return {
    async activeProfile(country) {
      let p = await fetchActiveRiskProfile(pool, country);
      if (!p) {
        seeding ??= loadDemoRiskProfiles(pool);
        await seeding;
        p = await fetchActiveRiskProfile(pool, country);
      }
      return p;
    },
    async factsContext(decl, acceptanceDate) {
      const country = decl.type === 'IM' ? decl.countryOfDestination : decl.countryOfDispatch;
      const b = await getBook();
      const national = NATIONAL_CURRENCY[country] ?? decl.invoice.currency;
      const unitValues: Record<number, string> = {};
      const referenceUnitPrices: Record<string, string> = {};
      for (const item of decl.items) {
        const ref = b.referencePrice(country, item.hsCode, item.originCountry, acceptanceDate);
        if (!ref || ref.unit !== item.unit) continue;
        const toNational = b.exchangeRate(decl.invoice.currency, national, acceptanceDate);
        const refToNational = b.exchangeRate(ref.currency, national, acceptanceDate);
        const qty = new Dec(item.quantity);
        if (!toNational || !refToNational || qty.isZero()) continue;
        unitValues[item.seq] = new Dec(item.invoiceAmount)
          .div(qty)
          .times(toNational.rate)
          .div(refToNational.rate)
          .toString();
        referenceUnitPrices[item.hsCode] = ref.price;
      }
      const context: RiskFactsContext = { unitValues, referenceUnitPrices };
      const tin = decl.declarant.tin;
      if (tin) {
        // One round trip for both parts of the record: controls (0300) and closed audits (0900).
        const c = await pool.query<{ score: number | null; rating: string | null; adverse: number }>(
          `SELECT dc.score, dc.rating,
                  (SELECT count(*)::int FROM audit_outcomes a
                    WHERE a.trader_tin = $1 AND a.adverse AND a.closed_at > now() - $2::interval) AS adverse
             FROM (SELECT 1) one LEFT JOIN declarant_compliance dc ON dc.tin = $1`,
          [tin, `${ADVERSE_AUDIT_LOOKBACK_DAYS} days`],
        );
        const row = c.rows[0];
        if (row && (row.score !== null || row.rating !== null)) {
          context.compliance = {};
          if (row.score !== null) context.compliance.score = row.score;
          if (row.rating !== null) context.compliance.rating = row.rating;
        }
        if (row && row.adverse > 0) context.recentAdverseAudits = row.adverse;
      }
      return context;
    },
    async settle(eventKey, decision) {
      if (await keepDecision(pool, eventKey, decision)) return decision;
      const first = await pool.query<{ decision: RiskDecision }>(
        'SELECT decision FROM risk_decisions WHERE event_key = $1',
        [eventKey],
      );
      return first.rows[0].decision;
    },
    async recordOutcome(eventKey, profileId, ruleIds, outcome, declarantTin) {
      await once(pool, eventKey, async (q) => {
        if (ruleIds.length > 0)
          await writeStats(
            q,
            profileId,
            recordControlOutcome(await lockedStats(q, profileId, ruleIds), ruleIds, outcome),
          );
        if (declarantTin) {
          // Compliance score: share of conform controls, 0..100 (illustrative; docs/declaration-process.md).
          await q(
            `INSERT INTO declarant_compliance (tin, controls, non_conform, score, rating) VALUES ($1, 1, $2, $3, NULL)
             ON CONFLICT (tin) DO UPDATE SET controls = declarant_compliance.controls + 1,
               non_conform = declarant_compliance.non_conform + $2,
               score = 100.0 * (declarant_compliance.controls + 1 - declarant_compliance.non_conform - $2) / (declarant_compliance.controls + 1),
               updated_at = now()`,
            [declarantTin, outcome === 'CONFORM' ? 0 : 1, outcome === 'CONFORM' ? 100 : 0],
          );
        }
      });
    },
  };
}
