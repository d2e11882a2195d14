import type { JointMovementFacts, SideDecision } from '../../contracts/joint-control';
import { SEVERITY, type Channel } from '../channels';

/**
 * Two administrations decide on the same movement, each by its own profile; the post applies the
 * stricter channel, and says which side set it so each side sees why. Pure.
 */
export interface CombinedDecision {
  channel: Channel;
  /** Which side's channel applies: one side, or both when they agree. */
  setBy: 'exit' | 'entry' | 'both';
  reason: string;
}

export function combineDecisions(exit: SideDecision, entry: SideDecision): CombinedDecision {
  const e = SEVERITY[exit.channel];
  const n = SEVERITY[entry.channel];
  if (e === n) return { channel: exit.channel, setBy: 'both', reason: `both sides decided ${exit.channel}` };
  const [setBy, strict, other] = e > n ? (['exit', exit, entry] as const) : (['entry', entry, exit] as const);
  return {
    channel: strict.channel,
    setBy,
    reason: `${strict.country} (${setBy}) decided ${strict.channel}, stricter than ${other.country}'s ${other.channel}: the stricter channel applies`,
  };
}

/**
 * No stop at all: the goods are sealed with the seals intact, both sides decided GREEN and the
 * holder is an authorised economic operator. Otherwise the reason the movement stops.
 */
export function stopReason(m: JointMovementFacts, channel: Channel): string | undefined {
  if (channel !== 'GREEN') return `channel ${channel}`;
  if (m.seals.length === 0) return 'goods not sealed';
  if (!m.sealsIntact) return 'seals not intact';
  if (!m.aeo) return 'holder is not an authorised economic operator';
  return undefined;
}

/** RED is a physical examination; any other stop a documentary and seal check. */
export const inspectionKind = (channel: Channel): 'PHYSICAL' | 'DOCUMENTARY' =>
  channel === 'RED' ? 'PHYSICAL' : 'DOCUMENTARY';
