import type { RiskFacts } from './facts';
import { isItemField } from './facts';
import { selectionDraw } from './random';
import type {
  AeoPolicy,
  Channel,
  Predicate,
  RandomSelection,
  RiskProfile,
  RiskRule,
  Thresholds,
} from './schema';

import { SEVERITY } from '../channels';

export { SEVERITY, mostSevere } from '../channels';

export interface RiskHit {
  ruleId: string;
  reason: string;
  weight?: number;
  forcedChannel?: Channel;
  /** Present for item-level rules: the goods item that matched. */
  itemSeq?: number;
}

export interface RiskDecision {
  profileId: string;
  profileVersion: number;
  declarationId: string;
  office: string;
  /** Sum of the weights of distinct rules hit, in profile order. */
  rawScore: number;
  /** rawScore after the AEO multiplier (equal to rawScore for non-AEO declarants). */
  score: number;
  /** Channel the thresholds (and the AEO step-down) give for the score. */
  scoreChannel: Channel;
  /** Most severe forced channel among the hits, if any (after the AEO step-down if policy says so). */
  forcedChannel?: Channel;
  channel: Channel;
  thresholds: Thresholds & { source: 'office' | 'default' };
  hits: RiskHit[];
  randomSelection: {
    rate: number;
    draw: number;
    selected: boolean;
    channel: Channel;
    source: 'office' | 'default';
  };
  /** AEO policy as applied to this declaration (neutral values for a non-AEO declarant). */
  aeo: { declarant: boolean; scoreMultiplier: number; channelStepDown: number; randomRateMultiplier: number };
  explanation: string[];
}

export interface EvaluateOptions {
  /** Seed recorded in workflow history; with the declaration id it fixes the random draw. */
  seed: string | number;
  /** Office whose thresholds and random rate apply. */
  office: string;
}

export type RuleScope = 'header' | 'item';

/** A rule is item-level if its predicate reads any goods-item fact; otherwise it is evaluated once. */
export function predicateScope(p: Predicate): RuleScope {
  switch (p.op) {
    case 'equals':
    case 'in':
    case 'range':
    case 'pattern':
      return isItemField(p.field) ? 'item' : 'header';
    case 'hsPrefix':
    case 'underValued':
      return 'item';
    case 'route':
      return p.origin ? 'item' : 'header';
    case 'compliance':
    case 'aeo':
      return 'header';
    case 'all':
    case 'any':
      return p.of.some((q) => predicateScope(q) === 'item') ? 'item' : 'header';
    case 'not':
      return predicateScope(p.of);
  }
}

/** Office-resolved policy, built once per profile. */
export interface DecisionPolicy {
  profileId: string;
  profileVersion: number;
  rules: readonly RiskRule[];
  thresholdsDefault: Thresholds;
  thresholdsByOffice: ReadonlyMap<string, Thresholds>;
  randomDefault: RandomSelection;
  randomByOffice: ReadonlyMap<string, RandomSelection>;
  aeo: AeoPolicy;
}

export function decisionPolicy(profile: RiskProfile): DecisionPolicy {
  return {
    profileId: profile.id,
    profileVersion: profile.version,
    rules: profile.rules,
    thresholdsDefault: profile.thresholds.default,
    thresholdsByOffice: new Map(Object.entries(profile.thresholds.offices)),
    randomDefault: profile.randomSelection.default,
    randomByOffice: new Map(Object.entries(profile.randomSelection.offices)),
    aeo: profile.aeo,
  };
}

function scoreChannelFor(score: number, t: Thresholds): Channel {
  if (score >= t.red) return 'RED';
  if (score >= t.yellow) return 'YELLOW';
  if (t.blue !== undefined && score >= t.blue) return 'BLUE';
  return 'GREEN';
}

/** The AEO ladder: GREEN < BLUE < YELLOW < RED (BLUE only where the office thresholds define it). */
function stepDown(c: Channel, steps: number, withBlue: boolean): Channel {
  if (steps <= 0 || c === 'QUERY') return c;
  const ladder: Channel[] = withBlue ? ['GREEN', 'BLUE', 'YELLOW', 'RED'] : ['GREEN', 'YELLOW', 'RED'];
  const i = ladder.indexOf(c);
  if (i < 0) return c === 'BLUE' ? 'GREEN' : c; // BLUE on a ladder without BLUE steps down to GREEN
  return ladder[Math.max(0, i - steps)];
}

function fmtThresholds(t: Thresholds): string {
  return `${t.blue !== undefined ? `blue >= ${t.blue}, ` : ''}yellow >= ${t.yellow}, red >= ${t.red}`;
}

/**
 * Matches are encoded as ruleIndex * MATCH_SLOT + itemSlot, where itemSlot is 0 for a header-level
 * hit and (item position + 1) for an item-level hit. Sorted ascending they list hits in profile
 * order, then item order.
 */
export const MATCH_SLOT = 65536;

/**
 * Assembles the decision from the sorted, de-duplicated match codes. Shared by the compiled engine
 * and the reference evaluator: this is the channel policy, the only part both must agree on by
 * construction.
 */
export function assembleDecision(
  policy: DecisionPolicy,
  facts: RiskFacts,
  matches: readonly number[],
  opts: EvaluateOptions,
): RiskDecision {
  const rules = policy.rules;
  const h = facts.header;
  const hits: RiskHit[] = new Array(matches.length);
  const explanation: string[] = [];
  let rawScore = 0;
  let forced: Channel | undefined;
  let forcedBy: string[] | undefined;
  let lastRule = -1;
  for (let k = 0; k < matches.length; k++) {
    const code = matches[k];
    const ri = Math.floor(code / MATCH_SLOT);
    const slot = code - ri * MATCH_SLOT;
    const r = rules[ri];
    const hit: RiskHit = { ruleId: r.id, reason: r.reason };
    if (r.weight !== undefined) hit.weight = r.weight;
    if (r.forceChannel !== undefined) hit.forcedChannel = r.forceChannel;
    let line = `hit ${r.id}`;
    if (slot > 0) {
      const seq = facts.items[slot - 1].seq;
      hit.itemSeq = seq;
      line += ` (item ${seq})`;
    }
    line += `: ${r.reason}`;
    if (r.weight !== undefined) line += ` [weight ${r.weight}]`;
    if (r.forceChannel !== undefined) line += ` [forces ${r.forceChannel}]`;
    if (ri === lastRule) line += ' (rule already counted)';
    hits[k] = hit;
    explanation.push(line);
    if (ri !== lastRule) {
      lastRule = ri;
      if (r.weight !== undefined) rawScore += r.weight;
      if (r.forceChannel !== undefined) {
        if (forced === undefined || SEVERITY[r.forceChannel] > SEVERITY[forced]) {
          forced = r.forceChannel;
          forcedBy = [r.id];
        } else if (r.forceChannel === forced) forcedBy!.push(r.id);
      }
    }
  }
  if (matches.length === 0) explanation.push('no rule hit');

  const officeT = policy.thresholdsByOffice.get(opts.office);
  const t = officeT ?? policy.thresholdsDefault;
  const tSource = officeT ? 'office' : 'default';
  const aeoPolicy = policy.aeo;
  const aeoApplied = h.aeo === true;
  const score = aeoApplied ? rawScore * aeoPolicy.scoreMultiplier : rawScore;
  const thresholdChannel = scoreChannelFor(score, t);
  const withBlue = t.blue !== undefined;
  const scoreChannel = aeoApplied
    ? stepDown(thresholdChannel, aeoPolicy.channelStepDown, withBlue)
    : thresholdChannel;

  explanation.push(
    aeoApplied && aeoPolicy.scoreMultiplier !== 1
      ? `score ${rawScore} x AEO multiplier ${aeoPolicy.scoreMultiplier} = ${score}`
      : `score ${score}`,
  );
  explanation.push(
    `thresholds (${tSource === 'office' ? `office ${opts.office}` : `default; no thresholds for office ${opts.office}`}): ${fmtThresholds(t)} -> ${thresholdChannel}`,
  );
  if (aeoApplied) {
    explanation.push(
      scoreChannel !== thresholdChannel
        ? `AEO declarant: score channel lowered ${aeoPolicy.channelStepDown} step(s) ${thresholdChannel} -> ${scoreChannel}`
        : `AEO declarant: score channel stays ${scoreChannel}`,
    );
  }

  let channel: Channel;
  let forcedChannel: Channel | undefined;
  if (forced !== undefined) {
    forcedChannel =
      aeoApplied && aeoPolicy.lowersForcedChannels
        ? stepDown(forced, aeoPolicy.channelStepDown, withBlue)
        : forced;
    channel = forcedChannel;
    explanation.push(
      `forced channel ${forced} by ${forcedBy!.join(', ')} (most severe forced channel: RED > QUERY > YELLOW > BLUE > GREEN) takes precedence over score channel ${scoreChannel}` +
        (forcedChannel !== forced
          ? `; AEO policy lowers forced channels: ${forced} -> ${forcedChannel}`
          : ''),
    );
  } else {
    channel = scoreChannel;
  }

  const officeR = policy.randomByOffice.get(opts.office);
  const rs = officeR ?? policy.randomDefault;
  const rSource = officeR ? 'office' : 'default';
  const rate = aeoApplied ? rs.rate * aeoPolicy.randomRateMultiplier : rs.rate;
  const randomChannel: Channel = rs.channel ?? policy.randomDefault.channel ?? 'YELLOW';
  const draw = selectionDraw(opts.seed, h.declarationId);
  const selected = draw < rate;
  let rLine = `random selection (${rSource === 'office' ? `office ${opts.office}` : 'default'}): rate ${rate}${
    aeoApplied && aeoPolicy.randomRateMultiplier !== 1 ? ` (AEO x ${aeoPolicy.randomRateMultiplier})` : ''
  }, draw ${draw.toFixed(6)} -> `;
  if (!selected) rLine += 'not selected';
  else if (SEVERITY[randomChannel] > SEVERITY[channel]) {
    rLine += `selected, channel raised ${channel} -> ${randomChannel}`;
    channel = randomChannel;
  } else rLine += `selected, channel ${channel} already at or above ${randomChannel}`;
  explanation.push(rLine);
  explanation.push(`channel ${channel}`);

  const decision: RiskDecision = {
    profileId: policy.profileId,
    profileVersion: policy.profileVersion,
    declarationId: h.declarationId,
    office: opts.office,
    rawScore,
    score,
    scoreChannel,
    channel,
    thresholds:
      t.blue === undefined
        ? { yellow: t.yellow, red: t.red, source: tSource }
        : { blue: t.blue, yellow: t.yellow, red: t.red, source: tSource },
    hits,
    randomSelection: { rate, draw, selected, channel: randomChannel, source: rSource },
    aeo: {
      declarant: aeoApplied,
      scoreMultiplier: aeoApplied ? aeoPolicy.scoreMultiplier : 1,
      channelStepDown: aeoApplied ? aeoPolicy.channelStepDown : 0,
      randomRateMultiplier: aeoApplied ? aeoPolicy.randomRateMultiplier : 1,
    },
    explanation,
  };
  if (forcedChannel !== undefined) decision.forcedChannel = forcedChannel;
  return decision;
}
