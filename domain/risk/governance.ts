import { z } from 'zod';

/**
 * Risk governance (issue 13): a profile belongs to one administration (its `country`). An
 * administrator of that country proposes a version; it takes effect only once a second
 * administrator of the same country approves it, from a stated time. These are the rules, pure:
 * the API and activities/risk/governance.ts apply them inside one transaction, so a refused request
 * stores nothing.
 */

export const RISK_PROFILE_STATUSES = ['proposed', 'approved', 'active', 'superseded'] as const;
/**
 * - proposed: waiting for a second administrator;
 * - approved: approved, takes effect at `activeFrom` (in the future);
 * - active: the version in force for its country now;
 * - superseded: was in force (or could have been) and a later version took over, or a proposal
 *   overtaken by a later approved version of the same profile (it can no longer be approved).
 */
export type RiskProfileStatus = (typeof RISK_PROFILE_STATUSES)[number];

/** Who proposed and approved a version, and when it takes effect. */
export interface RiskProfileVersionRecord {
  id: string;
  version: number;
  /** Null only for the system's regional fallback profile (seeded, never proposed through the API). */
  country: string | null;
  proposedBy: string;
  proposedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  activeFrom: Date | null;
}

/** The caller, as the token says: subject and the administrations it administers. */
export interface Administrator {
  sub: string;
  countries: readonly string[];
}

export interface GovernanceRefusal {
  status: 400 | 403 | 404 | 409;
  message: string;
  /** The bad field, for a 400. */
  path?: string;
}

/** Approval body: `activeFrom` with an offset; absent means at once. */
export const RiskProfileApprovalSchema = z.strictObject({
  activeFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('when the version takes effect (not in the past); absent: at once'),
});
export type RiskProfileApproval = z.infer<typeof RiskProfileApprovalSchema>;

/**
 * Why `admin` may not propose this version. `owner` is the country of the versions already stored
 * under the same id (undefined: a new id; null: the system's fallback profile): an id stays with
 * one administration, so no one can take version numbers of another's profile.
 */
export function proposalRefusal(
  admin: Administrator,
  profile: { id: string; country?: string },
  owner: string | null | undefined,
): GovernanceRefusal | undefined {
  const { id, country } = profile;
  if (!country)
    return {
      status: 400,
      path: 'country',
      message: 'a risk profile belongs to one administration: state its country',
    };
  if (!admin.countries.includes(country))
    return {
      status: 403,
      message: `only an administrator of ${country} may propose a risk profile for ${country}; your token covers ${admin.countries.join(', ')}`,
    };
  if (owner !== undefined && owner !== country)
    return {
      status: 409,
      message: `risk profile id ${id} belongs to another administration; choose another id`,
    };
  return undefined;
}

export type ApprovalDecision =
  | { kind: 'refused'; refusal: GovernanceRefusal }
  /** Approved already by the same administrator with the same activation: a repeated request. */
  | { kind: 'unchanged' }
  | { kind: 'approve'; activeFrom: Date };

/**
 * What an approval of `target` by `admin` does at `now`. `laterApproved` is the highest version of
 * the same profile above the target that is already approved, if any: approving an older version
 * then would put superseded rules back in force, so it takes a new version.
 */
export function decideApproval(
  admin: Administrator,
  ref: { id: string; version: number },
  target: RiskProfileVersionRecord | undefined,
  laterApproved: number | undefined,
  activeFrom: Date | undefined,
  now: Date,
): ApprovalDecision {
  const refused = (
    status: GovernanceRefusal['status'],
    message: string,
    path?: string,
  ): ApprovalDecision => ({
    kind: 'refused',
    refusal: { status, message, ...(path ? { path } : {}) },
  });
  if (activeFrom && activeFrom.getTime() < now.getTime())
    return refused(400, `activeFrom is in the past (now is ${now.toISOString()})`, 'activeFrom');
  // Out of the caller's administrations is not found: the API does not reveal other countries' profiles.
  if (!target || target.country === null || !admin.countries.includes(target.country))
    return refused(404, `no risk profile ${ref.id} version ${ref.version} in your administrations`);
  if (target.approvedBy !== null) {
    const same =
      target.approvedBy === admin.sub &&
      (activeFrom === undefined || activeFrom.getTime() === target.activeFrom?.getTime());
    if (same) return { kind: 'unchanged' };
    return refused(
      409,
      `risk profile ${ref.id} version ${ref.version} is already approved by ${target.approvedBy}, active from ${target.activeFrom?.toISOString()}`,
    );
  }
  if (target.proposedBy === admin.sub)
    return refused(
      403,
      `four eyes: you proposed risk profile ${ref.id} version ${ref.version}; another administrator of ${target.country} must approve it`,
    );
  if (laterApproved !== undefined)
    return refused(
      409,
      `version ${laterApproved} of risk profile ${ref.id} is already approved; approving version ${ref.version} would put older rules back in force: propose a new version`,
    );
  return { kind: 'approve', activeFrom: activeFrom ?? now };
}

/**
 * The version in force at `now` among the versions of one administration (or among the fallback
 * profiles): approved, `activeFrom <= now`, the latest to take effect (then the higher version, then
 * the later approval). activities/risk/profiles.ts selects with the same order in SQL.
 */
export function inForce(
  versions: readonly RiskProfileVersionRecord[],
  now: Date,
): RiskProfileVersionRecord | undefined {
  let best: RiskProfileVersionRecord | undefined;
  for (const v of versions) {
    if (v.approvedAt === null || v.activeFrom === null || v.activeFrom.getTime() > now.getTime()) continue;
    if (!best || later(v, best)) best = v;
  }
  return best;
}

function later(a: RiskProfileVersionRecord, b: RiskProfileVersionRecord): boolean {
  const by = [
    a.activeFrom!.getTime() - b.activeFrom!.getTime(),
    a.version - b.version,
    a.approvedAt!.getTime() - b.approvedAt!.getTime(),
  ].find((d) => d !== 0);
  return (by ?? 0) > 0;
}

/**
 * Status of a version at `now`. `current` is the version in force for its administration
 * (inForce); `siblings` are the versions of the same profile id.
 */
export function versionStatus(
  v: RiskProfileVersionRecord,
  current: RiskProfileVersionRecord | undefined,
  siblings: readonly RiskProfileVersionRecord[],
  now: Date,
): RiskProfileStatus {
  if (current && current.id === v.id && current.version === v.version) return 'active';
  if (v.approvedAt === null)
    return siblings.some((o) => o.approvedAt !== null && o.version > v.version) ? 'superseded' : 'proposed';
  return v.activeFrom!.getTime() > now.getTime() ? 'approved' : 'superseded';
}
