import { defineUpdate } from '@temporalio/workflow';
import type { DeclarationView } from './declaration';

/**
 * Export exit confirmation (ECS style, docs/declaration-process.md): a released export declaration
 * waits for the office of exit to confirm that the goods left, or for its exit deadline.
 */

/** Where a released export stands with its exit: awaited, confirmed, or not confirmed by the deadline. */
export interface ExitView {
  /** The office of exit named in the declaration. */
  office: string;
  /** When the exit stops being awaited and is recorded as not confirmed. */
  deadline: string;
  confirmedAt?: string;
  /** The officer who confirmed the exit. */
  by?: string;
  /** At the office of exit's own counter, or by the joint control at facing border posts. */
  via?: 'office' | 'joint-control';
  /** The joint control that confirmed it (`joint-control/<border>/<MRN>`), when `via` says so. */
  jointControl?: string;
  /** Set when the deadline passed without a confirmation (the office of declaration is told). */
  notConfirmedAt?: string;
}

/** An officer of the office of exit (or a joint control there) confirms that the goods left. */
export interface ExitConfirmation {
  office: string;
  actor: string;
  via: 'office' | 'joint-control';
  jointControl?: string;
  remarks?: string;
}

export const confirmExit = defineUpdate<DeclarationView, [ExitConfirmation]>('confirmExit');

/** The outbox message type telling the office of declaration that an export's exit was not confirmed. */
export const EXIT_NOT_CONFIRMED = 'export-exit-not-confirmed';
