import type { Pool } from 'pg';
import { dispatchAuditRequestsOnce, type DispatchOptions, type StartRequestedAudit } from './dispatch';
import { drawAuditSampleOnce, type SampleOptions } from './sample';
import { recordClosedAuditsOnce } from '../compliance/closed';
import { startPassLoop } from '../loop';

export {
  AUDIT_REQUEST_TYPE,
  RequestRefused,
  dispatchAuditRequestsOnce,
  type AuditRequest,
  type StartRequestedAudit,
} from './dispatch';
export { auditSampleDraw, drawAuditSampleOnce, type SampleOptions } from './sample';
export { auditIdOf } from './ids';
export { requestedAuditStarter, sourceOf } from './requested';

export interface AuditSelectionOptions extends DispatchOptions {
  start: StartRequestedAudit;
  /** The random sample; none when absent. */
  sample?: SampleOptions;
  intervalMs?: number;
  /** How often the random sample draws for newly released declarations. */
  sampleIntervalMs?: number;
}

/**
 * The loop a worker process runs beside its Temporal worker (like the webhook delivery loop): a
 * dispatch pass and a pass over closed audits (their compliance record, activities/compliance) every
 * `intervalMs` (sooner while there is work), a sample pass every `sampleIntervalMs`. Returns
 * `stop()`, which waits for the pass in flight.
 */
export function startAuditSelection(pool: Pool, opts: AuditSelectionOptions): { stop(): Promise<void> } {
  const sampleIntervalMs = opts.sampleIntervalMs ?? 60_000;
  let lastSample = 0;
  const pass = async (): Promise<number> => {
    if (opts.sample && Date.now() - lastSample >= sampleIntervalMs) {
      lastSample = Date.now();
      await drawAuditSampleOnce(pool, opts.sample);
    }
    const p = await dispatchAuditRequestsOnce(pool, opts.start, opts);
    const closed = await recordClosedAuditsOnce(pool);
    return p.started + p.failed + closed;
  };
  return startPassLoop(pass, {
    intervalMs: opts.intervalMs ?? 1_000,
    failed: (err) => opts.log?.(`[audits] selection pass failed: ${err.message}`),
  });
}
