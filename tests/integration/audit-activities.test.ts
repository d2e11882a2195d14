import { ApplicationFailure } from '@temporalio/common';
import { Pool } from 'pg';
import { createAuditActivities } from '../../activities/audit';
import { loadDemoReferenceData } from '../../activities/reference';
import { demoTariffBook } from '../../config/reference';
import type { AuditRecomputationRequest } from '../../contracts';
import { recomputeAudit } from '../../domain/audit/recompute';
import { auditedExample, MRN } from '../workflows/audit-harness';

/**
 * The audit's recomputation activity over the tariff in the real PostgreSQL of the integration
 * harness (DATABASE_URL, migrated by tests/support/stack-setup.ts).
 */
let pool: Pool;
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run through the integration project');
  pool = new Pool({ connectionString: url, max: 2 });
  await loadDemoReferenceData(pool);
});
afterAll(async () => {
  await pool?.end();
});

const request = (hsCode: string): AuditRecomputationRequest => ({
  country: 'KZ',
  currency: 'KZT',
  declarations: [auditedExample()],
  findings: [
    { mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '15000000.00' },
    { mrn: MRN, itemSeq: 2, violation: 'MISCLASSIFICATION', hsCode },
  ],
});

describe('audit activities on PostgreSQL', () => {
  test('the recomputation reads the tariff of the acceptance date from the database: the same as the engine on the same data', async () => {
    const acts = createAuditActivities({ pool });
    const r = await acts.recomputeAuditFindings(request('8504409000'));
    expect(r).toEqual(recomputeAudit(demoTariffBook(), request('8504409000')));
    expect(r.items.map((i) => i.difference.total)).toEqual(['556238.50', '54421.83']);
  });

  // Chapter 77 is reserved in the HS: the one chapter without a line (docs/reference-data.md).
  test('a corrected HS code without a tariff line fails for good (no retry changes it), naming the field', async () => {
    const acts = createAuditActivities({ pool });
    const err = await acts.recomputeAuditFindings(request('7700000000')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'AssessmentError', nonRetryable: true });
    expect((err as ApplicationFailure).message).toMatch(/item 2: no KZ tariff line for HS 7700000000/);
    expect((err as ApplicationFailure).details?.[0]).toMatchObject({ path: 'findings[1].hsCode' });
  });
});
