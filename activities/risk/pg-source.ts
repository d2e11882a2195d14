import type { Pool } from 'pg';
import { inTransaction } from '../db/transaction';
import { NATIONAL_CURRENCY } from '../../domain/codes';
import { Dec } from '../../domain/money';
import {
  recordControlOutcome,
  recordRuleHits,
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

async function writeStats(q: Pool['query'], profileId: string, stats: RiskRuleStatistics): Promise<void> {
  for (const [ruleId, s] of Object.entries(stats)) {
    await q(
      `INSERT INTO risk_rule_stats (profile_id, rule_id, hits, controls, non_conform, hit_rate, updated_at) VALUES ($1,$2,$3,$4,$5,$6, now())
       ON CONFLICT (profile_id, rule_id) DO UPDATE SET hits = EXCLUDED.hits, controls = EXCLUDED.controls,
         non_conform = EXCLUDED.non_conform, hit_rate = EXCLUDED.hit_rate, updated_at = now()`,
      [profileId, ruleId, s.hits, s.controls, s.nonConform, s.hitRate],
    );
  }
}

async function lockedStats(
  q: Pool['query'],
  profileId: string,
  ruleIds: string[],
): Promise<RiskRuleStatistics> {
  const ids = [...new Set(ruleIds)].sort();
  // Rows are locked in one order so concurrent updates of overlapping rules cannot deadlock.
  for (const id of ids) {
    await q('INSERT INTO risk_rule_stats (profile_id, rule_id) VALUES ($1,$2) ON CONFLICT DO NOTHING', [
      profileId,
      id,
    ]);
  }
  const res = await q(
    'SELECT rule_id, hits, controls, non_conform, hit_rate FROM risk_rule_stats WHERE profile_id = $1 AND rule_id = ANY($2::text[]) ORDER BY rule_id FOR UPDATE',
    [profileId, ids],
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
      return inTransaction(pool, async (client) => {
        const kept = await client.query(
          'INSERT INTO risk_decisions (event_key, decision) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [eventKey, JSON.stringify(decision)],
        );
        if ((kept.rowCount ?? 0) === 0) {
          const first = await client.query<{ decision: RiskDecision }>(
            'SELECT decision FROM risk_decisions WHERE event_key = $1',
            [eventKey],
          );
          return first.rows[0].decision;
        }
        const ruleIds = decision.hits.map((h) => h.ruleId);
        if (ruleIds.length > 0) {
          const q = client.query.bind(client) as Pool['query'];
          const stats = await lockedStats(q, decision.profileId, ruleIds);
          await writeStats(q, decision.profileId, recordRuleHits(stats, ruleIds));
        }
        return decision;
      });
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
