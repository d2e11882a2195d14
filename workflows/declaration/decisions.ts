import type { OutboxMessage } from '../../contracts/projection';
import type { Run } from './run';

/**
 * Older histories number a decision by its timeline event. Lean runs name it by type and count: a
 * task that replaces a lost one may number its events differently (a signal that arrived meanwhile
 * comes first), and must send the decisions the lost task already sent under the same ids.
 */
function decisionId(r: Run, decision: string, seq: number): string {
  if (!r.lean) return `${r.caseId}/${seq}`;
  const n = (r.decisionsSent[decision] ?? 0) + 1;
  r.decisionsSent[decision] = n;
  return `${r.caseId}/${decision}/${n}`;
}

/** A step's decision for the clearance system that lodged the declaration (its webhook, via the outbox). */
export function decisionMessage(r: Run, decision: string): OutboxMessage {
  const v = r.c.view;
  const last = r.shell.last();
  return {
    messageId: decisionId(r, decision, last.seq),
    caseId: r.caseId,
    destination: `clearance-system:${r.input.lodgedBy}`,
    type: `declaration.${decision}`,
    payload: {
      mrn: v.mrn,
      lrn: v.lrn,
      state: v.state,
      at: last.at,
      // The clearance system reads this: a risk decision says its channel, never the score or the draw.
      reason: decision === 'risk-decision' ? `channel ${v.channel}` : last.reason,
      ...(v.channel ? { channel: v.channel } : {}),
      ...(decision === 'duties-assessed' && v.duties
        ? { totals: v.duties.totals, currency: v.duties.currency }
        : {}),
    },
  };
}
