import { createActors } from './actors';
import type { Intent } from './generate';
import { lodgeOne, registerHolders } from './lodging';
import type { CaseSnapshot } from './observe';
import { messageOf, sleep } from './report';
import { bump, type Run, type SimulationOptions, type SimulationResult, type Tracked } from './simulation';

// bench/support/format.ts takes percentile from here, where it was before report.ts.
export { percentile } from './report';

/**
 * The traffic driver: lodges declarations (and transits, when the API offers them) at a fixed
 * open-loop rate, plays the officers and declarants who answer controls, pay duties and answer
 * queries after a delay (actors.ts), tracks every case to an end state and counts everything it sees.
 */

export const DECLARATION_END = ['RELEASED', 'NOT_RELEASED', 'REJECTED', 'INVALIDATED'];
export const TRANSIT_END = ['WRITTEN_OFF', 'NOT_RELEASED'];

export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const res: SimulationResult = {
    seconds: 0,
    observer: o.observer.name,
    sent: { declarations: 0, transits: 0, guarantees: 0, bad: 0 },
    accepted: { declarations: 0, transits: 0, guarantees: 0 },
    badRefused: 0,
    badAccepted: 0,
    byBadKind: {},
    unexpected: [],
    status5xx: 0,
    status503: 0,
    actions: {},
    actionRefusals: {},
    finalStates: {},
    channels: {},
    open: 0,
    latency: { lodgeHttp: [], toChannel: [], toRelease: [] },
    behindSchedule: 0,
    cases: [],
  };
  const tracked = new Map<string, Tracked>();
  let inFlight = 0;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };
  const note5xx = (status: number, what: string, body: unknown) => {
    if (status >= 500) {
      res.status5xx += 1;
      if (status === 503) res.status503 += 1;
      if (res.unexpected.length < 50) res.unexpected.push({ status, what, message: messageOf(body) });
    }
  };
  const run: Run = { o, res, tracked, log, track, note5xx };
  const { react, timers } = createActors(run);

  const holders = await registerHolders(run);
  const intents = Object.entries(o.intents).filter(([, w]) => (w ?? 0) > 0) as [Intent, number][];

  // ---- observation loop
  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const open = [...tracked.values()].filter((c) => !c.done);
      for (let i = 0; i < open.length; i += 500) {
        const chunk = open.slice(i, i + 500);
        const snaps = await o.observer.snapshot(chunk).catch((err: Error) => {
          log(`observer: ${err.message}`);
          return new Map<string, CaseSnapshot>();
        });
        for (const c of chunk) {
          const s = snaps.get(c.mrn);
          if (!s) continue;
          c.snapshot = s;
          if ((c.kind === 'declaration' ? DECLARATION_END : TRANSIT_END).includes(s.state)) c.done = true;
          else react(c);
        }
      }
    } finally {
      polling = false;
    }
  }

  const progress = () => {
    const all = [...tracked.values()];
    o.onProgress?.({
      elapsedS: (Date.now() - started) / 1000,
      lodged: res.accepted.declarations + res.accepted.transits,
      refused: res.badRefused,
      open: all.filter((c) => !c.done).length,
      ended: all.filter((c) => c.done).length,
      errors5xx: res.status5xx,
      behind: res.behindSchedule,
    });
  };
  const pollTimer = setInterval(() => void track(poll()), o.pollMs);
  const progressTimer = setInterval(progress, 1000);

  // ---- open-loop arrivals
  let launched = 0;
  const stopAt = started + o.durationMs;
  while (Date.now() < stopAt) {
    const due = Math.floor(((Date.now() - started) / 1000) * o.ratePerS);
    while (launched < due) {
      launched += 1;
      if (inFlight >= o.maxInFlight) {
        res.behindSchedule += 1;
        continue;
      }
      inFlight += 1;
      void track(
        lodgeOne(run, holders, intents)
          .catch((err: Error) => {
            if (res.unexpected.length < 50)
              res.unexpected.push({ status: 0, what: 'lodging request failed', message: err.message });
          })
          .finally(() => (inFlight -= 1)),
      );
    }
    await sleep(Math.max(5, Math.min(50, 1000 / o.ratePerS / 2)));
  }
  while (inFlight > 0) await sleep(20);

  // ---- drain: keep the actors playing until every case ended or the drain time is up
  const drainUntil = Date.now() + o.drainMs;
  while (Date.now() < drainUntil) {
    const open = [...tracked.values()].filter((c) => !c.done && !c.leaveOpen);
    if (open.length === 0 && timers.size === 0) break;
    await sleep(o.pollMs);
  }
  clearInterval(pollTimer);
  for (const t of timers) clearTimeout(t);
  await Promise.allSettled([...pending]);
  await poll();
  progress();

  for (const c of tracked.values()) {
    const s = c.snapshot;
    bump(res.finalStates, `${c.kind}:${s?.state ?? 'UNSEEN'}`);
    if (s?.channel) bump(res.channels, s.channel);
    if (!c.done) res.open += 1;
    const ch = s?.stateAt.RISK_ASSESSED;
    if (ch) res.latency.toChannel.push(Date.parse(ch) - c.lodgedAt);
    const rel = s?.stateAt.RELEASED;
    if (rel) res.latency.toRelease.push(Date.parse(rel) - c.lodgedAt);
  }
  clearInterval(progressTimer);
  res.seconds = (Date.now() - started) / 1000;
  res.cases = [...tracked.values()];
  return res;
}
