import { condition } from '@temporalio/workflow';

/** A waiting state's clocks: its SLA (breached at most twice) and its business deadline, if any. */
export interface Waiting {
  state: string;
  sla: number;
  nextBreach: number;
  breaches: number;
  deadlineAt?: number;
}

export function waitingIn(state: string, slaMs: number, deadlineMs?: number): Waiting {
  const now = Date.now();
  return {
    state,
    sla: slaMs,
    nextBreach: now + slaMs,
    breaches: 0,
    ...(deadlineMs !== undefined ? { deadlineAt: now + deadlineMs } : {}),
  };
}

export interface SlaHooks {
  /** A supervisor moved the deadline or the SLA clock while the wait was on. */
  rescheduled: () => boolean;
  clearRescheduled: () => void;
  /** The n-th breach (1: stuck, 2: escalated), after `nextBreach` moved on. */
  breach: (w: Waiting, n: 1 | 2) => Promise<void>;
}

/**
 * Waits in the state entered last until `done`; 'deadline' when its business deadline passes. The
 * SLA runs inline from the moment the state was entered: the first breach marks the case stuck, the
 * second escalates; after that only the deadline (if any) is timed. One timer at a time.
 */
export async function waitWithSla(
  w: Waiting,
  done: () => boolean,
  hooks: SlaHooks,
): Promise<'done' | 'deadline'> {
  for (;;) {
    const targets = [
      ...(w.breaches < 2 ? [w.nextBreach] : []),
      ...(w.deadlineAt !== undefined ? [w.deadlineAt] : []),
    ];
    if (targets.length === 0) {
      await condition(done);
      return 'done';
    }
    if (
      await condition(() => done() || hooks.rescheduled(), Math.max(1, Math.min(...targets) - Date.now()))
    ) {
      if (done()) return 'done';
      hooks.clearRescheduled();
      continue;
    }
    if (w.deadlineAt !== undefined && Date.now() >= w.deadlineAt) return 'deadline';
    w.breaches += 1;
    w.nextBreach = Date.now() + w.sla;
    await hooks.breach(w, w.breaches as 1 | 2);
  }
}

export interface SlaWatch {
  closed: () => boolean;
  /** Counts state entries, so the watcher sees a state left and entered again. */
  entries: () => number;
  state: () => string;
  slaOf: (state: string) => number | undefined;
  breach: (state: string, n: 1 | 2) => Promise<void>;
}

/**
 * Runs beside a process for its whole life (the transit style, where the main flow owns the business
 * deadlines): in each state with an SLA the first breach marks the case stuck, the second escalates;
 * leaving the state ends the watch of it.
 */
export async function watchSla(w: SlaWatch): Promise<void> {
  while (!w.closed()) {
    const here = w.entries();
    const state = w.state();
    const ms = w.slaOf(state);
    const left = () => w.entries() !== here;
    if (!ms) {
      await condition(left);
      continue;
    }
    for (let n = 1; n <= 2; n++) {
      if (await condition(left, ms)) break;
      await w.breach(state, n as 1 | 2);
    }
    await condition(left);
  }
}
