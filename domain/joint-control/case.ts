import type {
  JointControlInput,
  JointControlState,
  JointControlView,
  MovementCrossingRequest,
} from '../../contracts/joint-control';
import { JOINT_CONTROL_CLOSED } from '../../contracts/joint-control';
import type { OutboxMessage } from '../../contracts/projection';
import type { PendingAction, TimelineEvent } from '../../contracts/timeline';

/**
 * A joint control as one value: the view a query answers, the crossings still to record on the
 * movement's own process, and the messages its last change made for the partner administrations.
 * Every `apply*` of this folder is a pure function of (case, command, time) returning the next case.
 */
export interface JointCase {
  input: JointControlInput;
  view: JointControlView;
  /** Counts state entries: the SLA watch sees a state left and entered again. */
  entered: number;
  /** Crossings the process must still record on the movement, in route order (exit, then entry). */
  crossings: MovementCrossingRequest[];
  /** Messages made by the last changes, not yet handed to the outbox. */
  outbox: OutboxMessage[];
}

export type Entry = Omit<TimelineEvent, 'seq' | 'at'>;

export function newJointCase(input: JointControlInput, caseId: string): JointCase {
  return {
    input,
    view: {
      caseId,
      kind: 'joint-control',
      border: input.border,
      mrn: input.movement.mrn,
      exit: input.exit,
      entry: input.entry,
      movement: input.movement,
      state: 'ARRIVED',
      movementCrossings: [],
      arrivedAt: input.arrivedAt,
      stuck: false,
      escalations: 0,
      timeline: [],
    },
    entered: 0,
    crossings: [],
    outbox: [],
  };
}

export const isClosed = (c: JointCase): boolean => JOINT_CONTROL_CLOSED.includes(c.view.state);

export function withEvent(c: JointCase, e: Entry, at: string): JointCase {
  const timeline = [...c.view.timeline, { seq: c.view.timeline.length + 1, at, ...e }];
  return { ...c, view: { ...c.view, timeline } };
}

/** Enters `state` (the stuck mark goes), naming what is awaited next, if anything. */
export function enter(
  c: JointCase,
  state: JointControlState,
  at: string,
  e: { actor: string; reason: string; data?: Record<string, unknown> },
  pending?: PendingAction,
): JointCase {
  const { stuckSince: _s, pending: _p, ...rest } = c.view;
  const view: JointControlView = { ...rest, state, stuck: false, ...(pending ? { pending } : {}) };
  return withEvent({ ...c, view, entered: c.entered + 1 }, { type: 'state', state, ...e }, at);
}

/** A message to the administration of `country` (the other side), keyed by the event it follows. */
export function withMessage(
  c: JointCase,
  country: string,
  type: string,
  payload: Record<string, unknown>,
): JointCase {
  const v = c.view;
  const seq = v.timeline.length;
  const message: OutboxMessage = {
    messageId: `${v.caseId}/${type}/${country}/${seq}`,
    caseId: v.caseId,
    destination: `partner:${country}`,
    type,
    payload: { border: v.border, mrn: v.mrn, exit: v.exit, entry: v.entry, state: v.state, seq, ...payload },
  };
  return { ...c, outbox: [...c.outbox, message] };
}

/** The side a country acts for at this border pair, if any. */
export function sideOf(c: JointCase, country: string): 'exit' | 'entry' | undefined {
  if (country === c.view.exit.country) return 'exit';
  if (country === c.view.entry.country) return 'entry';
  return undefined;
}

/**
 * The crossing at `office` to record on the movement, with the seals as last seen at the post. An
 * export has only its exit to confirm (`declaration/<MRN>`): its entry side keeps no Clearway case,
 * the acceptance stays in this joint control and goes to the partner through the outbox.
 */
export function withCrossing(c: JointCase, office: string, officer: string, sealsIntact: boolean): JointCase {
  const exported = c.view.movement.kind === 'export';
  if (exported && office !== c.view.exit.office) return c;
  const crossing = {
    jointControl: c.view.caseId,
    ...(exported ? { kind: 'export' as const } : {}),
    mrn: c.view.mrn,
    office,
    officer,
    sealsIntact,
  };
  return { ...c, crossings: [...c.crossings, crossing] };
}

/** The movement's own process: the declaration of an export, the movement of a transit. */
export const processOf = (c: JointCase): string =>
  `${c.view.movement.kind === 'export' ? 'declaration' : 'transit'}/${c.view.mrn}`;
