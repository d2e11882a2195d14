import type { ApiClient, Capabilities } from './client';
import type { Intent, TrafficGenerator } from './generate';
import type { CaseObserver, CaseSnapshot } from './observe';

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

/** What the lodging, the actors and the observation loop of one run share. */
export interface Run {
  o: SimulationOptions;
  res: SimulationResult;
  tracked: Map<string, Tracked>;
  log: (line: string) => void;
  /** Keeps a request in the set the run waits for before it counts. */
  track: <T>(p: Promise<T>) => Promise<T>;
  /** Counts a 5xx answer, and keeps the first 50 for the report. */
  note5xx: (status: number, what: string, body: unknown) => void;
}

export const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
