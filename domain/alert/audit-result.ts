import type { AuditProjectionDetails } from '../../contracts/audit';
import type { TimelineEvent } from '../../contracts/timeline';

/** What a post-entry audit's step tells the alert whose hit after release asked for it. */
export interface AuditAlertResult {
  found: boolean;
  what: string;
}

/**
 * A post-entry audit asked for by an intelligence hit after release (source `HIT_AFTER_RELEASE`)
 * settles the alert's match when the auditor's draft report is issued: with findings (state
 * DRAFT_ISSUED) something was found; without (closed `NO_FINDINGS`) nothing was. Later steps (final
 * assessment, appeal, payment) change what is due, not whether something was found.
 */
export function auditResultOf(
  details: Pick<AuditProjectionDetails, 'auditId' | 'source' | 'findings'>,
  events: readonly TimelineEvent[],
): AuditAlertResult | undefined {
  if (details.source !== 'HIT_AFTER_RELEASE') return undefined;
  for (const e of events) {
    if (e.type !== 'state') continue;
    if (e.state === 'DRAFT_ISSUED')
      return { found: true, what: `post-entry audit ${details.auditId}: ${details.findings} finding(s)` };
    if (e.state === 'CLOSED' && e.data?.outcome === 'NO_FINDINGS')
      return { found: false, what: `post-entry audit ${details.auditId}: no findings` };
  }
  return undefined;
}
