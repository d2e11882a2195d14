import type { ApiClient, Capabilities } from './client';
import type { Intent, TrafficGenerator, Trader } from './generate';
import type { CaseObserver, CaseSnapshot } from './observe';

/**
 * The traffic driver: lodges declarations (and transits, when the API offers them) at a fixed
 * open-loop rate, plays the officers and declarants who answer controls, pay duties and answer
 * queries after a delay, tracks every case to an end state and counts everything it sees.
 */

export const DECLARATION_END = ['RELEASED', 'NOT_RELEASED', 'REJECTED', 'INVALIDATED'];
export const TRANSIT_END = ['WRITTEN_OFF', 'NOT_RELEASED'];

export interface SimulationOptions {
  client: ApiClient;
  generator: TrafficGenerator;
  observer: CaseObserver;
  caps: Capabilities;
  ratePerS: number;
  durationMs: number;
  /** Relative weights of declarations and transits among new cases. */
  mix: { declarations: number; transits: number };
  /** Share of payloads built to be refused (400). */
  badShare: number;
  /** Weights of what valid declarations are built to provoke. */
  intents: Partial<Record<Intent, number>>;
  officerDelayMs: [number, number];
  declarantDelayMs: [number, number];
  /** How long to keep playing the actors after the last lodgement, waiting for end states. */
  drainMs: number;
  /** Most requests in flight for lodging; beyond it the driver counts itself behind schedule. */
  maxInFlight: number;
  pollMs: number;
  /** Sandbox: the share of cases the actors abandon in the waiting state they reach. */
  leaveOpenShare?: number;
  /** Pays duties some other way when the API has no payments route yet (bench fallback). */
  payFallback?: (mrn: string, amount: string, currency: string) => Promise<void>;
  /** Records a control result some other way when the API has no control-results route yet. */
  controlFallback?: (mrn: string, result: unknown) => Promise<void>;
  onProgress?: (p: Progress) => void;
  log?: (line: string) => void;
}

/** The fields of a lodged payload the actors need (declaration or transit). */
export interface LodgedPayload {
  officeOfDeclaration?: string;
  officeOfDeparture?: string;
  officesOfTransit?: string[];
  officeOfDestination?: string;
  invoice?: { number: string };
  items?: { grossMassKg: string }[];
}

export interface Tracked {
  kind: 'declaration' | 'transit';
  mrn: string;
  intent?: Intent;
  /** Epoch ms when the lodging request was sent. */
  lodgedAt: number;
  snapshot?: CaseSnapshot;
  /** Waiting states an actor already answered (or is about to). */
  acted: Set<string>;
  leaveOpen: boolean;
  payload: LodgedPayload;
  done: boolean;
}

export interface Progress {
  elapsedS: number;
  lodged: number;
  refused: number;
  open: number;
  ended: number;
  errors5xx: number;
  behind: number;
}

export interface SimulationResult {
  seconds: number;
  observer: string;
  sent: { declarations: number; transits: number; guarantees: number; bad: number };
  accepted: { declarations: number; transits: number; guarantees: number };
  badRefused: number;
  /** A bad payload the API accepted: a case started from an invalid payload. */
  badAccepted: number;
  byBadKind: Record<string, number>;
  unexpected: { status: number; what: string; message: string }[];
  status5xx: number;
  status503: number;
  actions: Record<string, number>;
  actionRefusals: Record<string, number>;
  finalStates: Record<string, number>;
  channels: Record<string, number>;
  open: number;
  /** Latencies (ms) from the lodging request to the timeline event. */
  latency: { lodgeHttp: number[]; toChannel: number[]; toRelease: number[] };
  behindSchedule: number;
  cases: Tracked[];
}

export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const { client, generator: gen, caps } = o;
  const r = gen.rng;
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
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const note5xx = (status: number, what: string, body: unknown) => {
    if (status >= 500) {
      res.status5xx += 1;
      if (status === 503) res.status503 += 1;
      if (res.unexpected.length < 50) res.unexpected.push({ status, what, message: messageOf(body) });
    }
  };

  // Transit holders with a guarantee each (when the API has guarantees and transits).
  const holders: { trader: Trader; grn: string; accessCode: string }[] = [];
  if (caps.transits && caps.guarantees && o.mix.transits > 0) {
    for (let i = 0; i < 8; i++) {
      const trader = gen.trader(r.pick(['CN', 'KZ', 'KG']));
      const g = gen.guarantee(trader, 2_000_000);
      res.sent.guarantees += 1;
      const resp = await client.request('POST', '/v1/guarantees', { role: 'clearance-system', body: g }).catch((e: Error) => ({ status: 0, body: e.message, ms: 0 }));
      note5xx(resp.status, 'POST /v1/guarantees', resp.body);
      if (resp.status >= 200 && resp.status < 300) {
        res.accepted.guarantees += 1;
        holders.push({ trader, grn: (resp.body as { grn?: string })?.grn ?? g.grn, accessCode: g.accessCode });
      } else log(`guarantee refused (${resp.status}): ${messageOf(resp.body)}`);
    }
  }
  const transitsOn = holders.length > 0;
  const intents = Object.entries(o.intents).filter(([, w]) => (w ?? 0) > 0) as [Intent, number][];

  async function lodgeOne() {
    const isTransit = transitsOn && r.chance(o.mix.transits / (o.mix.transits + o.mix.declarations));
    if (!isTransit && r.chance(o.badShare)) {
      const bad = gen.badDeclaration();
      res.sent.bad += 1;
      bump(res.byBadKind, bad.kind);
      const resp = await client.request('POST', '/v1/declarations', { role: 'clearance-system', body: bad.body });
      note5xx(resp.status, `POST /v1/declarations (bad: ${bad.kind})`, resp.body);
      if (resp.status === 400) res.badRefused += 1;
      else if (resp.status >= 200 && resp.status < 300) {
        res.badAccepted += 1;
        res.unexpected.push({ status: resp.status, what: `bad payload ${bad.kind} accepted`, message: JSON.stringify(resp.body).slice(0, 200) });
      } else if (resp.status < 500 && res.unexpected.length < 50) res.unexpected.push({ status: resp.status, what: `bad payload ${bad.kind}`, message: messageOf(resp.body) });
      return;
    }
    const kind: Tracked['kind'] = isTransit ? 'transit' : 'declaration';
    const intent = isTransit ? undefined : r.weighted(intents);
    const payload: LodgedPayload = isTransit ? (() => { const h = r.pick(holders); return gen.transit(h.trader, h); })() : gen.declaration(intent);
    if (isTransit) res.sent.transits += 1;
    else res.sent.declarations += 1;
    const lodgedAt = Date.now();
    const resp = await client.request<{ mrn?: string }>('POST', isTransit ? '/v1/transits' : '/v1/declarations', { role: 'clearance-system', body: payload });
    res.latency.lodgeHttp.push(resp.ms);
    note5xx(resp.status, `POST /v1/${isTransit ? 'transits' : 'declarations'}`, resp.body);
    if (resp.status !== 202 && resp.status !== 201) {
      if (resp.status < 500 && res.unexpected.length < 50) res.unexpected.push({ status: resp.status, what: `valid ${kind} refused`, message: messageOf(resp.body) });
      return;
    }
    if (isTransit) res.accepted.transits += 1;
    else res.accepted.declarations += 1;
    const mrn = resp.body!.mrn!;
    tracked.set(mrn, { kind, mrn, intent, lodgedAt, acted: new Set(), leaveOpen: r.chance(o.leaveOpenShare ?? 0), payload, done: false });
  }

  // ---- actors: officers and declarants answering after a delay
  function later(c: Tracked, ms: number, fn: () => Promise<void>) {
    const t = setTimeout(() => {
      timers.delete(t);
      void track(
        fn().catch((err: Error) => {
          log(`action failed: ${err.message}`);
          c.acted.clear(); // try again on a later poll
        }),
      );
    }, ms);
    timers.add(t);
  }
  const delay = (range: [number, number]) => Math.round(r.between(range[0], range[1]));
  async function act(c: Tracked, name: string, path: string, role: 'officer' | 'clearance-system', body: unknown) {
    const resp = await client.request('POST', path, { role, body });
    note5xx(resp.status, `POST ${path.replace(c.mrn, '{mrn}')}`, resp.body);
    if (resp.status >= 200 && resp.status < 300) bump(res.actions, name);
    else {
      bump(res.actionRefusals, `${name} ${resp.status}`);
      // A conflict (wrong state, not yet visible) is tried again on a later poll; a 400 is our bug: once.
      if (resp.status !== 400) c.acted.delete(c.snapshot?.state ?? '');
      else if (!res.unexpected.some((u) => u.what === `${name} refused`)) res.unexpected.push({ status: 400, what: `${name} refused`, message: messageOf(resp.body) });
    }
  }
  function react(c: Tracked) {
    const s = c.snapshot!;
    if (c.acted.has(s.state) || c.leaveOpen) return;
    const office = (c.kind === 'declaration' ? c.payload.officeOfDeclaration : c.payload.officeOfDeparture) ?? '';
    if (c.kind === 'declaration') {
      if (s.state === 'UNDER_CONTROL' && caps.controlResults) {
        c.acted.add(s.state);
        later(c, delay(o.officerDelayMs), () => act(c, 'control-result', `/v1/declarations/${c.mrn}/control-results`, 'officer', controlResult(r.next(), office, s.control?.type ?? 'DOCUMENTARY', c.payload)));
      } else if (s.state === 'AWAITING_PAYMENT' && caps.payments && s.payment) {
        c.acted.add(s.state);
        const due = Number(s.payment.due) - Number(s.payment.paid) - Number(s.payment.secured?.amount ?? 0);
        later(c, delay(o.declarantDelayMs), () =>
          act(c, 'payment', `/v1/declarations/${c.mrn}/payments`, 'clearance-system', {
            method: 'PAYMENT',
            reference: `PAY-${c.mrn.slice(-8)}`,
            amount: Math.max(due, 0).toFixed(2),
            currency: s.payment!.currency,
            actor: 'declarant@simulator',
          }),
        );
      } else if (s.state === 'UNDER_CONTROL' && o.controlFallback) {
        c.acted.add(s.state);
        const body = controlResult(r.next(), office, s.control?.type ?? 'DOCUMENTARY', c.payload);
        later(c, delay(o.officerDelayMs), async () => {
          await o.controlFallback!(c.mrn, body);
          bump(res.actions, 'control-result (fallback)');
        });
      } else if (s.state === 'AWAITING_PAYMENT' && o.payFallback && s.payment) {
        c.acted.add(s.state);
        const due = Number(s.payment.due) - Number(s.payment.paid) - Number(s.payment.secured?.amount ?? 0);
        later(c, delay(o.declarantDelayMs), async () => {
          await o.payFallback!(c.mrn, Math.max(due, 0).toFixed(2), s.payment!.currency);
          bump(res.actions, 'payment (fallback)');
        });
      } else if (s.state === 'QUERIED' && caps.queryAnswer) {
        c.acted.add(s.state);
        later(c, delay(o.declarantDelayMs), () =>
          act(c, 'query-answer', caps.queryAnswer!.replace('{mrn}', c.mrn), 'clearance-system', {
            answer: `Commercial invoice ${c.payload.invoice?.number} attached to the declaration; original sent by courier.`,
            actor: 'declarant@simulator',
          }),
        );
      }
      return;
    }
    // transit: border crossings at each office of transit, arrival, unloading remarks
    const t = caps.transitActions;
    if (s.state === 'RELEASED_FOR_TRANSIT' && t.borderCrossing && t.arrival) {
      c.acted.add(s.state);
      const stops = c.payload.officesOfTransit ?? [];
      later(c, delay(o.officerDelayMs), async () => {
        for (const office of stops) await act(c, 'border-crossing', t.borderCrossing!.replace('{mrn}', c.mrn), 'officer', { office, sealsIntact: true });
        await act(c, 'arrival', t.arrival!.replace('{mrn}', c.mrn), 'officer', { office: c.payload.officeOfDestination });
      });
    } else if (s.state === 'ARRIVED' && t.unloading) {
      c.acted.add(s.state);
      const conform = r.chance(0.95);
      later(c, delay(o.officerDelayMs), () =>
        act(c, 'unloading-remarks', t.unloading!.replace('{mrn}', c.mrn), 'officer', {
          office: c.payload.officeOfDestination,
          conform,
          ...(conform ? {} : { discrepancies: [{ itemSeq: 1, description: 'two packages short' }] }),
        }),
      );
    }
    void office;
  }

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
        lodgeOne()
          .catch((err: Error) => {
            if (res.unexpected.length < 50) res.unexpected.push({ status: 0, what: 'lodging request failed', message: err.message });
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

/** What an officer records: mostly conform; some findings; a few refusals. */
function controlResult(x: number, office: string, type: string, decl: LodgedPayload) {
  const base = { office, officerId: 'officer@simulator', controlType: type === 'PHYSICAL' ? 'PHYSICAL' : 'DOCUMENTARY', completedAt: new Date().toISOString() };
  if (x < 0.88) return { ...base, outcome: 'CONFORM', remarks: 'goods and documents as declared' };
  const item = decl.items?.[0];
  const finding = { itemSeq: 1, field: 'items[1].grossMassKg', declared: item?.grossMassKg ?? '1.000', found: (Number(item?.grossMassKg ?? 1) * 1.07).toFixed(3), remark: 'weighbridge ticket' };
  if (x < 0.96) return { ...base, outcome: 'NON_CONFORM', findings: [finding], refuseRelease: false, remarks: 'minor mass difference, release allowed' };
  return { ...base, outcome: 'NON_CONFORM', findings: [{ ...finding, field: 'items[1].description', found: 'goods of another kind than declared' }], refuseRelease: true, remarks: 'goods not as declared' };
}

export function messageOf(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message).slice(0, 300);
  return String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}

export const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function summarise(res: SimulationResult): string {
  const fmt = (xs: number[]) => (xs.length ? `p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms (n=${xs.length})` : 'n=0');
  const kv = (m: Record<string, number>) => Object.entries(m).sort().map(([k, v]) => `${k} ${v}`).join(', ') || '-';
  return [
    `simulation: ${res.seconds.toFixed(1)} s, observed through ${res.observer}`,
    `  sent        declarations ${res.sent.declarations}, transits ${res.sent.transits}, guarantees ${res.sent.guarantees}, bad payloads ${res.sent.bad}`,
    `  accepted    declarations ${res.accepted.declarations}, transits ${res.accepted.transits}, guarantees ${res.accepted.guarantees}`,
    `  bad         refused with 400: ${res.badRefused}; accepted (a case from an invalid payload): ${res.badAccepted}  [${kv(res.byBadKind)}]`,
    `  end states  ${kv(res.finalStates)}`,
    `  channels    ${kv(res.channels)}`,
    `  still open  ${res.open}`,
    `  actions     ${kv(res.actions)}; refused: ${kv(res.actionRefusals)}`,
    `  5xx         ${res.status5xx} (503: ${res.status503}); behind schedule (max in flight reached): ${res.behindSchedule}`,
    `  latency     lodge HTTP ${fmt(res.latency.lodgeHttp)}`,
    `              lodge -> channel ${fmt(res.latency.toChannel)}`,
    `              lodge -> release ${fmt(res.latency.toRelease)}`,
    ...res.unexpected.slice(0, 10).map((u) => `  unexpected  ${u.status} ${u.what}: ${u.message}`),
  ].join('\n');
}
