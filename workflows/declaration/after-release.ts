import { acts } from './proxies';
import { endInvalidated, publish, send, type Run } from './run';
import { waitFor } from './wait';

/**
 * Released: the case stays open for a customs invalidation and for intelligence hits (each sent to
 * the office as a post-entry audit request), then completes: after the post-release window, or for
 * an export (exit.ts) at its exit deadline or once `stop` (its exit confirmed) holds.
 */
export async function afterRelease(
  r: Run,
  window = { until: Date.now() + (r.s.postReleaseMs ?? 0), stop: () => false },
): Promise<void> {
  const c = r.c;
  const { until, stop } = window;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) return;
    await waitFor(r, () => !!c.invalidation || c.afterRelease.length > c.auditsSent || stop(), left);
    if (c.invalidation) return void (await endInvalidated(r));
    if (stop()) return;
    if (c.afterRelease.length === c.auditsSent) continue;
    const hits = c.afterRelease.slice(c.auditsSent);
    c.auditsSent = c.afterRelease.length;
    const requests = hits.map((h) => ({
      messageId: `${r.caseId}/audit/${h.alertId}`,
      caseId: r.caseId,
      destination: `office:${c.view.office}`,
      type: 'post-entry-audit-requested',
      payload: { mrn: c.view.mrn, alertId: h.alertId, reason: h.reason, severity: h.severity },
    }));
    // The lean send carries the projection with it; older histories enqueued, then projected.
    if (r.lean) await send(r, requests);
    else {
      await acts.enqueueDeclarationMessages(requests);
      await publish(r);
    }
  }
}
