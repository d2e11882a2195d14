import type { JointPostNotice } from '../../contracts/joint-control';
import type { BorderCrossing } from '../../contracts/transit';

/**
 * The movement's side of a joint control: once a joint control of the movement started, a crossing
 * at either of its posts is recorded by that joint control only, so neither side records it alone
 * (before the inspection, after a refusal). Pure; the transit workflow's crossing validator adds it.
 */
export function jointPostRefusal(notices: readonly JointPostNotice[], c: BorderCrossing): string | undefined {
  const n = notices.find((x) => x.offices.includes(c.office));
  if (!n || c.jointControl === n.jointControl) return undefined;
  return `border crossing refused: ${c.office} is a joint post of ${n.border}; the joint control ${n.jointControl} records this crossing`;
}

export function jointPostEvent(n: JointPostNotice) {
  return {
    type: 'joint-control',
    actor: 'system',
    reason: `joint control opened at ${n.border}: crossings at ${n.offices.join(', ')} are recorded by it`,
    data: { jointControl: n.jointControl, offices: n.offices },
  };
}
