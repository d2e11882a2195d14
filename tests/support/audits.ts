import { WorkflowNotFoundError } from '@temporalio/client';
import { clearance, freshLrn, stack, treasury, viewWhen } from './clearance';
import { example } from './examples';
import { eventually } from './temporal';

/**
 * Helpers of the audit e2e files: audit settings short enough for a real clock (set before the
 * stack starts: the API and the selection read them then), released declarations of a fresh trader,
 * and the audit view once it is ready.
 */
export const AUDIT_TEST_CONFIG = JSON.stringify({
  default: { commentsPeriod: '2s', appealWindow: '2s', slaDefault: '1d' },
  // KG: a limitation period already over for anything released, to show the refusal.
  countries: { KG: { limitationPeriod: '1ms' } },
});

export function useAuditConfig() {
  const before = process.env.CLEARWAY_AUDIT_CONFIG;
  process.env.CLEARWAY_AUDIT_CONFIG = AUDIT_TEST_CONFIG;
  afterAll(() => {
    if (before === undefined) delete process.env.CLEARWAY_AUDIT_CONFIG;
    else process.env.CLEARWAY_AUDIT_CONFIG = before;
  });
}

/** A trader of its own per test, so its compliance record is its own. */
export const freshTin = () => `KZ${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 1000)}`;

export function declarationOf(tin: string, tag: string) {
  const d = example('declaration-import.json');
  return {
    ...d,
    lrn: freshLrn(tag),
    declarant: { ...d.declarant, tin },
    importer: { ...d.importer, tin },
  };
}

/** Lodged, paid by the treasury, released: the declaration view (customs). */
export async function releasedDeclaration(body: unknown, tokens = { trader: clearance, treasury }) {
  const lodged = await stack.request('POST', '/v1/declarations', { token: tokens.trader, body });
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const due = await viewWhen(mrn, (v) => ['AWAITING_PAYMENT', 'RELEASED'].includes(v.state), tokens.trader);
  if (due.state === 'AWAITING_PAYMENT') {
    const paid = await stack.request('POST', `/v1/declarations/${mrn}/payments`, {
      token: tokens.treasury,
      body: { reference: `PAY-${mrn}`, amount: due.payment.due, currency: due.payment.currency },
    });
    expect(paid.status).toBe(202);
  }
  return viewWhen(mrn, (v) => v.state === 'RELEASED', tokens.trader);
}

export async function auditWhen(id: string, token: string, ready: (v: any) => boolean, timeoutMs = 30_000) {
  const res = await eventually(
    () => stack.request('GET', `/v1/audits/${id}`, { token }),
    (r) => r.status === 200 && ready(r.body),
    timeoutMs,
  );
  expect(res.status).toBe(200);
  return res.body;
}

/** True when no workflow `audit/<id>` exists. */
export async function noAudit(id: string): Promise<boolean> {
  try {
    await stack.client.workflow.getHandle(`audit/${id}`).describe();
    return false;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return true;
    throw err;
  }
}
