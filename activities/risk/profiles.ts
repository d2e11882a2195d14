import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { REPO_ROOT } from '../../config/paths';
import type { Db } from '../db/transaction';
import { parseRiskProfile, type RiskProfile, type RuleAuditStats, type RuleStats } from '../../domain/risk';
import type { StoredProfile } from './source';

/**
 * Risk profiles in PostgreSQL: versioned JSON documents (`risk_profiles`), validated when stored;
 * the profile in force for a country is its latest approved version whose activation time has come
 * (governance.ts proposes and approves). Also the rule statistics as read by the API.
 */

export const DEMO_RISK_PROFILE_DIR = path.join(REPO_ROOT, 'config', 'risk');

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
 * Stores a profile version after validating it: proposed by `proposedBy`, or, with `approvedBySystem`,
 * approved by `system` and in force at once (the demo profiles). A stored version is immutable: the
 * same id and version again with the same document changes nothing (`'unchanged'`), with another
 * document it is refused (`'conflict'`).
 */
export async function storeRiskProfile(
  db: Db,
  doc: unknown,
  proposedBy: string,
  approvedBySystem = false,
): Promise<'stored' | 'unchanged' | 'conflict'> {
  const profile = parseRiskProfile(doc);
  const res = await db.query(
    `INSERT INTO risk_profiles (profile_id, version, country, document, created_by, approved_by, approved_at, active_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (profile_id, version) DO NOTHING`,
    [
      profile.id,
      profile.version,
      profile.country ?? null,
      JSON.stringify(doc),
      proposedBy,
      approvedBySystem ? 'system' : null,
      approvedBySystem ? new Date() : null,
    ],
  );
  if ((res.rowCount ?? 0) > 0) return 'stored';
  const existing = await db.query<{ document: unknown }>(
    'SELECT document FROM risk_profiles WHERE profile_id = $1 AND version = $2',
    [profile.id, profile.version],
  );
  return JSON.stringify(parseRiskProfile(existing.rows[0]?.document)) === JSON.stringify(profile)
    ? 'unchanged'
    : 'conflict';
}

/**
 * Seeds the demo risk profiles (config/risk/*.json) into `risk_profiles`, proposed and approved by
 * `system`, in force at once, so a fresh stack assesses risk without an administrator. Idempotent:
 * a version already stored is left as it is. Call it where reference data is loaded at start
 * (`clearway start`, the integration test setup); the risk activity also calls it once, lazily,
 * when it finds no profile in force at all.
 */
export async function loadDemoRiskProfiles(pool: Pool): Promise<string> {
  const profiles = demoRiskProfiles();
  let stored = 0;
  for (const p of profiles) if ((await storeRiskProfile(pool, p, 'system', true)) === 'stored') stored++;
  return `risk profiles: ${profiles.length} demo profile(s) (${stored} newly stored)`;
}

/**
 * The profile in force for `country` now: its own, else the fallback without a country. Same order
 * as inForce in domain/risk/governance.ts (latest activation, then version, then approval).
 */
export async function fetchActiveRiskProfile(
  pool: Pool,
  country: string,
): Promise<StoredProfile | undefined> {
  const res = await pool.query<{ profile_id: string; version: number; document: unknown }>(
    `SELECT profile_id, version, document FROM risk_profiles
     WHERE (country = $1 OR country IS NULL) AND approved_by IS NOT NULL AND active_from <= now()
     ORDER BY (country IS NULL), active_from DESC, version DESC, approved_at DESC LIMIT 1`,
    [country],
  );
  const r = res.rows[0];
  return r && { id: r.profile_id, version: r.version, document: r.document };
}

export async function fetchRuleStatistics(
  pool: Pool,
  profileId: string,
): Promise<Record<string, RuleStats & { audits: RuleAuditStats }>> {
  const res = await pool.query<{
    rule_id: string;
    hits: number;
    controls: number;
    non_conform: number;
    hit_rate: number;
    audits: number;
    audit_confirmed: number;
    audit_hit_rate: number;
  }>(
    `SELECT rule_id, hits, controls, non_conform, hit_rate, audits, audit_confirmed, audit_hit_rate
       FROM risk_rule_stats WHERE profile_id = $1 ORDER BY rule_id`,
    [profileId],
  );
  return Object.fromEntries(
    res.rows.map((r) => [
      r.rule_id,
      {
        hits: r.hits,
        controls: r.controls,
        nonConform: r.non_conform,
        hitRate: r.hit_rate,
        // From closed post-entry audits (docs/audit-api.md): confirmed = the audit found money owed.
        audits: { audits: r.audits, confirmed: r.audit_confirmed, hitRate: r.audit_hit_rate },
      },
    ]),
  );
}
