import type { ControlView, DeclarationView, RiskView } from '../../contracts/declaration';
import { SEVERITY, mostSevere, type Channel } from '../channels';
import type { RiskHit } from '../risk/decision';
import { withEvent, type DeclarationCase } from './case';

/*
 * Channel rules of the declaration process: the channel after a risk pass (forced RED by an
 * intelligence hit, never lowered by an amendment), re-routing by an officer or a supervisor, the
 * query put to the declarant and the kind of control a channel calls for. Pure, like commands.ts.
 */

/** What the risk engine decided (the activity's answer, as much of it as the case keeps). */
export interface RiskDecision {
  profileId: string;
  profileVersion: number;
  seed: string;
  randomSelection: { draw: number; selected: boolean };
  score: number;
  channel: Channel;
  hits: RiskHit[];
  explanation: string[];
}

/** A new risk round: the decision replaces the risk view and the reasons for the channel. */
export function applyRiskDecision(c: DeclarationCase, d: RiskDecision): DeclarationCase {
  const round = c.riskRound + 1;
  const risk: RiskView = {
    profileId: d.profileId,
    profileVersion: d.profileVersion,
    round,
    seed: d.seed,
    draw: d.randomSelection.draw,
    randomlySelected: d.randomSelection.selected,
    score: d.score,
    engineChannel: d.channel,
    hits: d.hits,
    explanation: d.explanation,
  };
  const engine =
    `risk profile ${d.profileId} v${d.profileVersion}: ${d.explanation.at(-2) ?? ''} -> ${d.channel}`.trim();
  const channelReasons = [engine, ...d.hits.map((h) => `${h.ruleId}: ${h.reason}`)];
  return { ...c, riskRound: round, needRisk: false, view: { ...c.view, risk, channelReasons } };
}

/**
 * The channel a clearance pass settles on: the engine's (or the current one when risk was not run
 * again), RED when an intelligence hit forced it, and never lower than before when the pass was
 * restarted (a case selected for control is not lowered by an amendment). Returns the channel and
 * the reasons it adds; `previous` is the channel before the pass.
 */
export function settleChannel(
  c: DeclarationCase,
  engine: Channel | undefined,
  previous: Channel | undefined,
  restarted: boolean,
): { channel: Channel; reasons: string[] } {
  let channel = engine ?? c.view.channel ?? 'GREEN';
  const reasons: string[] = [];
  if (c.forcedRed && channel !== 'RED') {
    channel = 'RED';
    reasons.push(c.forcedRed);
  }
  if (previous && restarted && SEVERITY[previous] > SEVERITY[channel]) {
    channel = mostSevere(channel, previous);
    reasons.push(`stays ${previous}: a case selected for control is not lowered by an amendment`);
  }
  return { channel, reasons };
}

/** The pending re-routing takes effect: the new channel, why, and the timeline entry. */
export function applyReroute(c: DeclarationCase, at: string): DeclarationCase {
  const r = c.pendingReroute!;
  const from = c.view.channel;
  const view: DeclarationView = {
    ...c.view,
    channel: r.channel,
    channelReasons: [
      ...c.view.channelReasons,
      `re-routed ${from} -> ${r.channel} by ${r.role} ${r.actor}: ${r.reason}`,
    ],
  };
  const e = {
    type: 'rerouted',
    state: c.view.state,
    actor: r.actor,
    reason: r.reason,
    data: { from, to: r.channel, role: r.role },
  };
  return { ...c, pendingReroute: undefined, view: withEvent(view, e, at) };
}

/** What the declarant is asked: the reasons of the rules that chose QUERY, else the last channel reason. */
export function queryQuestion(view: DeclarationView): string {
  const fromRules = view.risk?.hits
    .filter((h) => h.forcedChannel === 'QUERY')
    .map((h) => h.reason)
    .join('; ');
  return fromRules || view.channelReasons.at(-1) || 'customs query';
}

/** RED is a physical examination; YELLOW, and a query's answer, a documentary check. */
export function controlTypeFor(channel: Channel): ControlView['type'] {
  return channel === 'RED' ? 'PHYSICAL' : 'DOCUMENTARY';
}

/** GREEN and BLUE cases go on to duties without a control. */
export const needsNoControl = (channel: Channel): boolean => channel === 'GREEN' || channel === 'BLUE';
