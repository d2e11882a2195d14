/** The append-only timeline every case keeps: what, when, who, why. Pure; workflow-safe. */
export interface TimelineEvent {
  seq: number;
  at: string; // ISO 8601, from workflow time
  type: string;
  state?: string;
  actor: string;
  reason?: string;
  data?: Record<string, unknown>;
}

export interface PendingAction {
  action: string;
  /** Who is expected to act: declarant, officer, bank, supervisor, system. */
  by: string;
  deadline?: string;
}
