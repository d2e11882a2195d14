import type { TimelineEvent } from './timeline';

/**
 * What a workflow hands the read model at a step: the case's columns as they stand, the timeline
 * events it has not projected yet, and the few details read-model queries use. Not the whole view:
 * every activity input is stored in history, and the view (declaration, explanation, timeline) made
 * each step's input grow with the case (docs/benchmarks.md).
 */
export interface CaseProjection {
  caseId: string;
  kind: string;
  state: string;
  businessId?: string;
  channel?: string;
  office?: string;
  country?: string;
  declarant?: string;
  /** Principal (`sub`) that lodged or registered the case: the one clearance system it belongs to. */
  owner?: string;
  lrn?: string;
  stuck: boolean;
  stuckSince?: string;
  /** The timeline length: a write with an older or equal (epoch, version) changes nothing. */
  version: number;
  /**
   * The history length of the workflow task that wrote it, from steps run as local activities: a
   * task that replaced a lost one (its worker killed) writes with a higher epoch, and its timeline
   * replaces what the lost task wrote. Absent (0) from regular activities, which never run for a
   * task that did not complete.
   */
  epoch?: number;
  /** When the case began (its first event). */
  createdAt: string;
  /** The events after the last projection, in order. */
  events: TimelineEvent[];
  /** Merged into the row's JSON `view` column (e.g. control, payment, itinerary). */
  details?: Record<string, unknown>;
}

/** A message for the outbox: decisions to clearance systems, notices to offices, partners, holders. */
export interface OutboxMessage {
  messageId: string;
  caseId: string;
  /** `clearance-system:<sub>`, `office:<code>`, `holder:<tin>`, `supervisor:<office>`, `partner:<cc>`. */
  destination: string;
  type: string;
  payload: Record<string, unknown>;
}
