import type { Pool, PoolClient } from 'pg';
import {
  decideApproval,
  inForce,
  proposalRefusal,
  versionStatus,
  type Administrator,
  type GovernanceRefusal,
  type RiskProfile,
  type RiskProfileStatus,
  type RiskProfileVersionRecord,
} from '../../domain/risk';
import { inTransaction } from '../db/transaction';
import { storeRiskProfile } from './profiles';

/**
 * Risk governance in PostgreSQL: propose, approve, list versions with their status. Each call is one
 * transaction that applies the pure rules of domain/risk/governance.ts to the rows it read, so a
 * refused request stores and changes nothing.
 */

export type VersionView = Omit<RiskProfileVersionRecord, 'id' | 'country'> & { status: RiskProfileStatus };

const COLUMNS = `profile_id, version, country, created_by, created_at, approved_by, approved_at, active_from`;

interface Row {
  profile_id: string;
  version: number;
  country: string | null;
  created_by: string;
  created_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  active_from: Date | null;
}

const record = (r: Row): RiskProfileVersionRecord => ({
  id: r.profile_id,
  version: r.version,
  country: r.country,
  proposedBy: r.created_by,
  proposedAt: r.created_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  activeFrom: r.active_from,
});

/**
 * Stores `doc` (already parsed as `profile` at the door) as a version proposed by `admin`. The id is
 * locked for the transaction so two first proposals of one id cannot give it two countries.
 */
export async function proposeRiskProfile(
  pool: Pool,
  doc: unknown,
  profile: RiskProfile,
  admin: Administrator,
): Promise<{ refusal: GovernanceRefusal } | { outcome: 'stored' | 'unchanged' | 'conflict' }> {
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`risk-profile:${profile.id}`]);
    const owner = await c.query<{ country: string | null }>(
      'SELECT country FROM risk_profiles WHERE profile_id = $1 LIMIT 1',
      [profile.id],
    );
    const refusal = proposalRefusal(admin, profile, owner.rows[0]?.country);
    if (refusal) return { refusal };
    return { outcome: await storeRiskProfile(c, doc, admin.sub) };
  });
}

/** Approves version `ref` by `admin` at `now`, taking effect at `activeFrom` (default: now). */
export async function approveRiskProfile(
  pool: Pool,
  ref: { id: string; version: number },
  admin: Administrator,
  activeFrom: Date | undefined,
  now: Date,
): Promise<{ refusal: GovernanceRefusal } | { version: VersionView; country: string }> {
  return inTransaction(pool, async (c) => {
    const target = await c.query<Row>(
      `SELECT ${COLUMNS} FROM risk_profiles WHERE profile_id = $1 AND version = $2 FOR UPDATE`,
      [ref.id, ref.version],
    );
    const later = await c.query<{ version: number }>(
      `SELECT max(version) AS version FROM risk_profiles
       WHERE profile_id = $1 AND version > $2 AND approved_by IS NOT NULL`,
      [ref.id, ref.version],
    );
    const found = target.rows[0] && record(target.rows[0]);
    const decision = decideApproval(admin, ref, found, later.rows[0]?.version ?? undefined, activeFrom, now);
    if (decision.kind === 'refused') return { refusal: decision.refusal };
    if (decision.kind === 'approve')
      await c.query(
        `UPDATE risk_profiles SET approved_by = $3, approved_at = $4, active_from = $5
         WHERE profile_id = $1 AND version = $2`,
        [ref.id, ref.version, admin.sub, now, decision.activeFrom],
      );
    const versions = await versionsWithStatus(c, ref.id, now);
    return {
      version: versions.find((v) => v.version === ref.version)!,
      country: found!.country!,
    };
  });
}

/**
 * Every version of profile `id` with its status at `now`, newest first; undefined when there is no
 * such profile in `countries` (a profile without a country, the system's fallback, is everyone's).
 */
export async function listRiskProfileVersions(
  db: Pool,
  id: string,
  countries: readonly string[],
  now: Date,
): Promise<{ country: string | null; versions: VersionView[] } | undefined> {
  const first = await db.query<{ country: string | null }>(
    'SELECT country FROM risk_profiles WHERE profile_id = $1 LIMIT 1',
    [id],
  );
  const row = first.rows[0];
  if (!row || (row.country !== null && !countries.includes(row.country))) return undefined;
  return { country: row.country, versions: await versionsWithStatus(db, id, now) };
}

async function versionsWithStatus(db: Pool | PoolClient, id: string, now: Date): Promise<VersionView[]> {
  const own = (
    await db.query<Row>(`SELECT ${COLUMNS} FROM risk_profiles WHERE profile_id = $1 ORDER BY version DESC`, [
      id,
    ])
  ).rows.map(record);
  // The version in force is chosen among all approved versions of the administration, of any id.
  const peers = await db.query<Row>(
    `SELECT ${COLUMNS} FROM risk_profiles
     WHERE country IS NOT DISTINCT FROM $1 AND approved_by IS NOT NULL AND active_from <= $2`,
    [own[0]?.country ?? null, now],
  );
  const current = inForce(peers.rows.map(record), now);
  return own.map((v) => {
    const { id: _id, country: _country, ...view } = v;
    return { ...view, status: versionStatus(v, current, own, now) };
  });
}
