import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { inTransaction } from '../db/transaction';
import { REPO_ROOT } from '../../config/paths';
import { NATIONAL_CURRENCY } from '../../domain/codes';
import { Dec } from '../../domain/money';
import {
  compileProfile,
  evaluate,
  factsFromDeclaration,
  parseRiskProfile,
  recordControlOutcome,
  recordRuleHits,
  type CompiledProfile,
  type RiskDecision,
  type RiskFactsContext,
  type RiskProfile,
  type RiskRuleStatistics,
  type RuleControlOutcome,
} from '../../domain/risk';
import type { Declaration } from '../../domain/schemas/declaration';
import type { TariffBook } from '../../domain/tariff';
import { fetchTariffBook } from '../reference/lookups';

/**
 * Risk scoring: the pure engine of domain/risk over profiles kept in PostgreSQL.
 *
 * - A profile is a versioned JSON document (`risk_profiles`), validated with RiskProfileSchema when
 *   stored and again when compiled. The active profile of a country is its latest stored version.
 * - Each profile version is compiled once per worker process (cache keyed by id@version).
 * - The random-selection seed comes from the workflow (derived from its id) and is an input of the
 *   activity; the decision returned (recorded in history) carries profile id, version, seed and draw,
 *   so a replay reproduces the decision without running the engine again.
 * - Control outcomes update each rule's hit rate (`risk_rule_stats`) and the declarant's compliance
 *   record; every count is keyed by an event key, so a retried activity counts nothing twice.
 */

export const DEMO_RISK_PROFILE_DIR = path.join(REPO_ROOT, 'config', 'risk');

export interface StoredProfile {
  id: string;
  version: number;
  document: unknown;
}

/** Where the risk activities get profiles, facts context and statistics. PostgreSQL in production. */
export interface RiskSource {
  activeProfile(country: string): Promise<StoredProfile | undefined>;
  factsContext(decl: Declaration, acceptanceDate: string): Promise<RiskFactsContext>;
  recordHits(eventKey: string, profileId: string, ruleIds: string[]): Promise<void>;
  recordOutcome(eventKey: string, profileId: string, ruleIds: string[], outcome: RuleControlOutcome, declarantTin?: string): Promise<void>;
}

export interface RiskAssessmentRequest {
  declaration: Declaration;
  mrn: string;
  /** Random-selection seed from the workflow (recorded in history as part of this input). */
  seed: string;
  office: string;
  acceptanceDate: string;
  /** Idempotency key of the hit counting (workflow id + risk round). */
  eventKey: string;
}

/** The decision as recorded in history: the engine's decision plus the seed that fixed the draw. */
export type RiskAssessment = RiskDecision & { seed: string };

export interface RiskOutcomeRequest {
  eventKey: string;
  profileId: string;
  ruleIds: string[];
  outcome: RuleControlOutcome;
  declarantTin?: string;
}

export class RiskProfileNotFound extends Error {}

export function createRiskActivities(deps: { pool?: Pool; source?: RiskSource }) {
  const source = deps.source ?? (deps.pool ? pgRiskSource(deps.pool) : undefined);
  if (!source) throw new Error('createRiskActivities needs a pool or a source');
  const compiled = new Map<string, CompiledProfile>();
  const compiledFor = (p: StoredProfile): CompiledProfile => {
    const key = `${p.id}@${p.version}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileProfile(parseRiskProfile(p.document));
      compiled.set(key, c);
    }
    return c;
  };
  return {
    async assessDeclarationRisk(req: RiskAssessmentRequest): Promise<RiskAssessment> {
      const country = req.office.slice(0, 2);
      const stored = await source.activeProfile(country);
      if (!stored) throw ApplicationFailure.nonRetryable(`no risk profile for country ${country}`, 'RiskProfileNotFound');
      let profile: CompiledProfile;
      try {
        profile = compiledFor(stored);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`risk profile ${stored.id} v${stored.version} is not valid: ${(err as Error).message}`, 'RiskProfileInvalid');
      }
      const context = await source.factsContext(req.declaration, req.acceptanceDate);
      const facts = factsFromDeclaration(req.declaration, { ...context, declarationId: req.mrn });
      const decision = evaluate(profile, facts, { seed: req.seed, office: req.office });
      await source.recordHits(req.eventKey, decision.profileId, decision.hits.map((h) => h.ruleId));
      return { ...decision, seed: req.seed };
    },
    async recordRiskControlOutcome(req: RiskOutcomeRequest): Promise<void> {
      await source.recordOutcome(req.eventKey, req.profileId, req.ruleIds, req.outcome, req.declarantTin);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Reads the demo profiles of config/risk/*.json. */
export function demoRiskProfiles(dir = DEMO_RISK_PROFILE_DIR): RiskProfile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseRiskProfile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

/**
 * Stores a profile version after validating it. A stored version is immutable: the same id and
 * version again with the same document changes nothing (`'unchanged'`), with another document it is
 * refused (`'conflict'`).
 */
export async function storeRiskProfile(pool: Pool, doc: unknown, createdBy = 'system'): Promise<'stored' | 'unchanged' | 'conflict'> {
  const profile = parseRiskProfile(doc);
  const res = await pool.query(
    `INSERT INTO risk_profiles (profile_id, version, country, document, created_by) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (profile_id, version) DO NOTHING`,
    [profile.id, profile.version, profile.country ?? null, JSON.stringify(doc), createdBy],
  );
  if ((res.rowCount ?? 0) > 0) return 'stored';
  const existing = await pool.query<{ document: unknown }>('SELECT document FROM risk_profiles WHERE profile_id = $1 AND version = $2', [
    profile.id,
    profile.version,
  ]);
  return JSON.stringify(parseRiskProfile(existing.rows[0]?.document)) === JSON.stringify(profile) ? 'unchanged' : 'conflict';
}

/**
 * Seeds the demo risk profiles (config/risk/*.json) into `risk_profiles`. Idempotent: a version
 * already stored is left as it is. Call it where reference data is loaded at start
 * (`clearway start`, the integration test setup); the risk activity also calls it once, lazily,
 * when it finds no profile at all.
 */
export async function loadDemoRiskProfiles(pool: Pool): Promise<string> {
  const profiles = demoRiskProfiles();
  let stored = 0;
  for (const p of profiles) if ((await storeRiskProfile(pool, p)) === 'stored') stored++;
  return `risk profiles: ${profiles.length} demo profile(s) (${stored} newly stored)`;
}

export async function fetchActiveRiskProfile(pool: Pool, country: string): Promise<StoredProfile | undefined> {
  const res = await pool.query<{ profile_id: string; version: number; document: unknown }>(
    `SELECT profile_id, version, document FROM risk_profiles WHERE country = $1 OR country IS NULL
     ORDER BY (country IS NULL), created_at DESC, version DESC LIMIT 1`,
    [country],
  );
  const r = res.rows[0];
  return r && { id: r.profile_id, version: r.version, document: r.document };
}

export async function fetchRuleStatistics(pool: Pool, profileId: string): Promise<RiskRuleStatistics> {
  const res = await pool.query<{ rule_id: string; hits: number; controls: number; non_conform: number; hit_rate: number }>(
    'SELECT rule_id, hits, controls, non_conform, hit_rate FROM risk_rule_stats WHERE profile_id = $1 ORDER BY rule_id',
    [profileId],
  );
  return Object.fromEntries(res.rows.map((r) => [r.rule_id, { hits: r.hits, controls: r.controls, nonConform: r.non_conform, hitRate: r.hit_rate }]));
}

/** Runs `fn` in a transaction unless `eventKey` was already recorded (then nothing happens). */
async function once(pool: Pool, eventKey: string, fn: (q: Pool['query']) => Promise<void>): Promise<void> {
  await inTransaction(pool, async (client) => {
    const first = await client.query('INSERT INTO risk_stat_events (event_key) VALUES ($1) ON CONFLICT DO NOTHING', [eventKey]);
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

async function lockedStats(q: Pool['query'], profileId: string, ruleIds: string[]): Promise<RiskRuleStatistics> {
  const ids = [...new Set(ruleIds)].sort();
  // Rows are locked in one order so concurrent updates of overlapping rules cannot deadlock.
  for (const id of ids) {
    await q('INSERT INTO risk_rule_stats (profile_id, rule_id) VALUES ($1,$2) ON CONFLICT DO NOTHING', [profileId, id]);
  }
  const res = await q(
    'SELECT rule_id, hits, controls, non_conform, hit_rate FROM risk_rule_stats WHERE profile_id = $1 AND rule_id = ANY($2::text[]) ORDER BY rule_id FOR UPDATE',
    [profileId, ids],
  );
  return Object.fromEntries(
    (res.rows as { rule_id: string; hits: number; controls: number; non_conform: number; hit_rate: number }[]).map((r) => [
      r.rule_id,
      { hits: r.hits, controls: r.controls, nonConform: r.non_conform, hitRate: r.hit_rate },
    ]),
  );
}

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
        unitValues[item.seq] = new Dec(item.invoiceAmount).div(qty).times(toNational.rate).div(refToNational.rate).toString();
        referenceUnitPrices[item.hsCode] = ref.price;
      }
      const context: RiskFactsContext = { unitValues, referenceUnitPrices };
      const tin = decl.declarant.tin;
      if (tin) {
        const c = await pool.query<{ score: number | null; rating: string | null }>('SELECT score, rating FROM declarant_compliance WHERE tin = $1', [tin]);
        const row = c.rows[0];
        if (row && (row.score !== null || row.rating !== null)) {
          context.compliance = {};
          if (row.score !== null) context.compliance.score = row.score;
          if (row.rating !== null) context.compliance.rating = row.rating;
        }
      }
      return context;
    },
    async recordHits(eventKey, profileId, ruleIds) {
      if (ruleIds.length === 0) return;
      await once(pool, eventKey, async (q) => {
        await writeStats(q, profileId, recordRuleHits(await lockedStats(q, profileId, ruleIds), ruleIds));
      });
    },
    async recordOutcome(eventKey, profileId, ruleIds, outcome, declarantTin) {
      await once(pool, eventKey, async (q) => {
        if (ruleIds.length > 0) await writeStats(q, profileId, recordControlOutcome(await lockedStats(q, profileId, ruleIds), ruleIds, outcome));
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

/** In-memory source for tests and tools: fixed profiles by country (`*` = any), no lookups. */
export function memoryRiskSource(profiles: Record<string, unknown>, context: RiskFactsContext = {}) {
  const stats = new Map<string, RiskRuleStatistics>();
  const seen = new Set<string>();
  const outcomes: RiskOutcomeRequest[] = [];
  const source: RiskSource & { stats: typeof stats; outcomes: typeof outcomes } = {
    stats,
    outcomes,
    async activeProfile(country) {
      const doc = profiles[country] ?? profiles['*'];
      if (!doc) return undefined;
      const p = parseRiskProfile(doc);
      return { id: p.id, version: p.version, document: doc };
    },
    async factsContext() {
      return context;
    },
    async recordHits(eventKey, profileId, ruleIds) {
      if (seen.has(eventKey)) return;
      seen.add(eventKey);
      stats.set(profileId, recordRuleHits(stats.get(profileId) ?? {}, ruleIds));
    },
    async recordOutcome(eventKey, profileId, ruleIds, outcome, declarantTin) {
      if (seen.has(eventKey)) return;
      seen.add(eventKey);
      outcomes.push({ eventKey, profileId, ruleIds, outcome, ...(declarantTin ? { declarantTin } : {}) });
      stats.set(profileId, recordControlOutcome(stats.get(profileId) ?? {}, ruleIds, outcome));
    },
  };
  return source;
}
