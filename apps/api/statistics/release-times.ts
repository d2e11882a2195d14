/**
 * WCO Time Release Study figures, computed from case timelines. Pure: no I/O, no clock; the service
 * reads the milestones from the read model and hands them here.
 *
 * Milestones of one declaration (first occurrence of each state in its timeline):
 *   arrival   the declaration's `arrivedAt` (declared by the clearance system), when present
 *   lodgement the LODGED event
 *   risk      the RISK_ASSESSED event (the channel decision)
 *   release   the RELEASED event
 * Segments are the differences in seconds; a segment is counted only when both ends exist and the
 * end is not before the start (a negative gap means bad input data, not a fast release).
 */

export const SEGMENTS = [
  'arrivalToLodgement',
  'lodgementToRiskDecision',
  'riskDecisionToRelease',
  'lodgementToRelease',
] as const;
export type Segment = (typeof SEGMENTS)[number];

export const CHANNELS = ['GREEN', 'YELLOW', 'RED', 'BLUE', 'QUERY'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export interface CaseMilestones {
  caseId: string;
  office: string | null;
  channel: string | null;
  arrivedAt?: Date | null;
  lodgedAt?: Date | null;
  riskAssessedAt?: Date | null;
  releasedAt?: Date | null;
}

export interface SegmentFigures {
  /** How many declarations have both ends of the segment. */
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface ChannelRates {
  /** Declarations with a risk decision (a channel). */
  assessed: number;
  counts: Record<ChannelName, number>;
  /** Share of each channel among the assessed, 0..1, rounded to 4 decimals. */
  rates: Record<ChannelName, number>;
}

export interface GroupFigures {
  declarations: number;
  segments: Record<Segment, SegmentFigures>;
}

export interface ReleaseTimeReport {
  overall: GroupFigures;
  byOffice: (GroupFigures & { office: string | null })[];
  byChannel: (GroupFigures & { channel: string | null })[];
  byOfficeAndChannel: (GroupFigures & { office: string | null; channel: string | null })[];
  channelRates: ChannelRates & { byOffice: (ChannelRates & { office: string | null })[] };
}

/**
 * Percentile by linear interpolation between closest ranks (Hyndman-Fan type 7: numpy's default,
 * Excel PERCENTILE.INC, PostgreSQL percentile_cont). `p` in [0, 1]; null for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`percentile p must be in [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const seconds = (from?: Date | null, to?: Date | null): number | undefined => {
  if (!from || !to) return undefined;
  const s = (to.getTime() - from.getTime()) / 1000;
  return s >= 0 ? s : undefined;
};

/** The segment durations of one declaration, in seconds; a segment is absent when an end is missing. */
export function segmentsOf(c: CaseMilestones): Partial<Record<Segment, number>> {
  const out: Partial<Record<Segment, number>> = {};
  const put = (k: Segment, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put('arrivalToLodgement', seconds(c.arrivedAt, c.lodgedAt));
  put('lodgementToRiskDecision', seconds(c.lodgedAt, c.riskAssessedAt));
  put('riskDecisionToRelease', seconds(c.riskAssessedAt, c.releasedAt));
  put('lodgementToRelease', seconds(c.lodgedAt, c.releasedAt));
  return out;
}

const round = (v: number | null, digits: number) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

export function groupFigures(cases: readonly CaseMilestones[]): GroupFigures {
  const samples = Object.fromEntries(SEGMENTS.map((s) => [s, [] as number[]])) as Record<Segment, number[]>;
  for (const c of cases) {
    const seg = segmentsOf(c);
    for (const s of SEGMENTS) if (seg[s] !== undefined) samples[s].push(seg[s]);
  }
  const segments = Object.fromEntries(
    SEGMENTS.map((s) => [
      s,
      {
        count: samples[s].length,
        medianSeconds: round(percentile(samples[s], 0.5), 3),
        p90Seconds: round(percentile(samples[s], 0.9), 3),
      },
    ]),
  ) as Record<Segment, SegmentFigures>;
  return { declarations: cases.length, segments };
}

/** Channel shares among the declarations that have a channel from a known lane. */
export function channelRates(cases: readonly CaseMilestones[]): ChannelRates {
  const counts = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<ChannelName, number>;
  let assessed = 0;
  for (const c of cases) {
    if (c.channel && (CHANNELS as readonly string[]).includes(c.channel)) {
      counts[c.channel as ChannelName]++;
      assessed++;
    }
  }
  const rates = Object.fromEntries(
    CHANNELS.map((c) => [c, assessed ? round(counts[c] / assessed, 4)! : 0]),
  ) as Record<ChannelName, number>;
  return { assessed, counts, rates };
}

function groupBy<K>(
  cases: readonly CaseMilestones[],
  key: (c: CaseMilestones) => K,
  id: (k: K) => string,
): [K, CaseMilestones[]][] {
  const m = new Map<string, [K, CaseMilestones[]]>();
  for (const c of cases) {
    const k = key(c);
    const entry = m.get(id(k)) ?? m.set(id(k), [k, []]).get(id(k))!;
    entry[1].push(c);
  }
  return [...m.values()].sort(([a], [b]) => id(a).localeCompare(id(b)));
}

/** The whole report: overall, by office, by channel, by office and channel, and channel rates. */
export function releaseTimeReport(cases: readonly CaseMilestones[]): ReleaseTimeReport {
  const o = (c: CaseMilestones) => c.office ?? null;
  const ch = (c: CaseMilestones) => c.channel ?? null;
  const key = (k: string | null) => k ?? '\uffff'; // groups without an office or channel sort last
  return {
    overall: groupFigures(cases),
    byOffice: groupBy(cases, o, key).map(([office, cs]) => ({ office, ...groupFigures(cs) })),
    byChannel: groupBy(cases, ch, key).map(([channel, cs]) => ({ channel, ...groupFigures(cs) })),
    byOfficeAndChannel: groupBy(
      cases,
      (c) => [o(c), ch(c)] as const,
      ([a, b]) => `${key(a)}|${key(b)}`,
    ).map(([[office, channel], cs]) => ({ office, channel, ...groupFigures(cs) })),
    channelRates: {
      ...channelRates(cases),
      byOffice: groupBy(cases, o, key).map(([office, cs]) => ({ office, ...channelRates(cs) })),
    },
  };
}
