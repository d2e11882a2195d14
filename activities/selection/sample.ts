import crypto from 'node:crypto';
import type { Pool } from 'pg';
import type { SelectionKeyOf } from '../../config/secrets';
import { inTransaction } from '../db/transaction';
import { enqueueOutbox } from '../outbox';
import { AUDIT_REQUEST_TYPE } from './dispatch';

/**
 * The random sample of released declarations for post-entry audit (issue 14): each released
 * declaration is drawn once, at its administration's rate. The draw is an HMAC of the MRN under the
 * administration's secret selection key (CLEARWAY_RISK_SELECTION_KEYS, the key of the risk engine's
 * random selection, with another message so the two draws are independent): a trader who knows the
 * MRN and the rate still cannot tell whether its declaration will be audited.
 *
 * Where: a periodic pass beside the worker over the read model's released declarations, not the
 * declaration workflow (whose histories must not change) nor the projection activity (on every
 * declaration's hot path). A selected declaration gets an audit request in the outbox, the same
 * path as a BLUE channel, so one dispatcher starts every automatic audit.
 */

/** The draw in [0, 1) for one declaration under its administration's key. */
export function auditSampleDraw(key: Buffer, mrn: string): number {
  const mac = crypto.createHmac('sha256', key).update(`post-entry-audit-sample|${mrn}`).digest();
  return mac.readUIntBE(0, 6) / 2 ** 48;
}

export interface SampleOptions {
  keyOf: SelectionKeyOf;
  /** The administrations sampled (the node's). Only those with a key are read, so releases of an
   * administration without one never fill a pass's batch and starve the others. */
  countries: readonly string[];
  /** The administration's sampling rate in [0, 1]. */
  rateOf: (country: string) => number;
  batch?: number;
}

/**
 * One pass: draws for released declarations not drawn yet (and not already sent to audit by their
 * BLUE channel). The draw row is the claim (primary key on the case), written with the request in
 * one transaction, so each declaration is drawn once across worker processes and restarts.
 */
export async function drawAuditSampleOnce(
  pool: Pool,
  opts: SampleOptions,
): Promise<{ drawn: number; selected: number }> {
  const keyed = opts.countries.filter((cc) => opts.keyOf(cc));
  const { rows } = await pool.query<{
    case_id: string;
    business_id: string;
    country: string;
    office: string;
  }>(
    `SELECT c.case_id, c.business_id, c.country, c.office FROM cases c
      WHERE c.kind = 'declaration' AND c.state = 'RELEASED' AND c.country = ANY($2::text[])
        AND NOT COALESCE((c.view ->> 'auditRequested')::boolean, false)
        AND NOT EXISTS (SELECT 1 FROM audit_sample_draws d WHERE d.case_id = c.case_id)
      ORDER BY c.updated_at LIMIT $1`,
    [opts.batch ?? 200, keyed],
  );
  const pass = { drawn: 0, selected: 0 };
  for (const r of rows) {
    const key = opts.keyOf(r.country);
    if (!key) continue; // no key, no sample for that administration: never a guessable draw (keyed above)
    const rate = opts.rateOf(r.country);
    const selected = auditSampleDraw(key, r.business_id) < rate;
    await inTransaction(pool, async (c) => {
      const claimed = await c.query(
        'INSERT INTO audit_sample_draws (case_id, country, rate, selected) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING',
        [r.case_id, r.country, rate, selected],
      );
      if ((claimed.rowCount ?? 0) === 0) return;
      pass.drawn++;
      if (!selected) return;
      pass.selected++;
      await enqueueOutbox(c, [
        {
          messageId: `${r.case_id}/audit/sample`,
          caseId: r.case_id,
          destination: `office:${r.office}`,
          type: AUDIT_REQUEST_TYPE,
          payload: { mrn: r.business_id, reason: 'random sample of released declarations' },
        },
      ]);
    });
  }
  return pass;
}
