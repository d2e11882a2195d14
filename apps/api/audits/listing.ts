import type { Pool } from 'pg';
import { z } from 'zod';
import { AUDIT_STATES } from '../../../contracts/audit';
import type { Principal } from '../auth/tokens';

/** Query of `GET /v1/audits`. */
export const AuditListQuerySchema = z.object({
  state: z.enum(AUDIT_STATES).optional(),
  declaration: z
    .string()
    .regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/, 'an MRN')
    .optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

/**
 * The audits a caller may see, newest first (at most 100), from the read model: customs roles those
 * of their countries, a clearance system those of the declarations it lodged (the audit's owner).
 * A summary only, the same for every audience: no selection source or reason.
 */
export async function listAudits(pool: Pool, q: AuditListQuery, p: Principal) {
  const params: unknown[] = [p.countries];
  const where = [`kind = 'audit'`, `country = ANY($1::text[])`];
  if (p.role === 'clearance-system') {
    params.push(p.sub);
    where.push(`owner = $${params.length}`);
  }
  if (q.state) {
    params.push(q.state);
    where.push(`state = $${params.length}`);
  }
  if (q.declaration) {
    params.push(q.declaration);
    where.push(`view -> 'declarations' ? $${params.length}`);
  }
  const { rows } = await pool.query<{
    business_id: string;
    state: string;
    office: string;
    country: string;
    declarations: string[];
    updated_at: Date;
  }>(
    `SELECT business_id, state, office, country, view -> 'declarations' AS declarations, updated_at FROM cases
      WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT 100`,
    params,
  );
  return {
    audits: rows.map((r) => ({
      auditId: r.business_id,
      state: r.state,
      office: r.office,
      country: r.country,
      declarations: r.declarations ?? [],
      updatedAt: r.updated_at.toISOString(),
      links: { self: `/v1/audits/${r.business_id}` },
    })),
  };
}
