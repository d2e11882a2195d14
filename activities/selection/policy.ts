import type { AuditSettings } from '../../contracts/audit';

/**
 * What opening an audit needs from an administration's audit configuration: the settings the
 * workflow gets as input, the limitation period (a declaration released longer ago cannot be
 * reassessed) and the random sample's rate. One port, so the API and the worker's dispatcher read
 * the same values.
 */
export interface AuditPolicy {
  settings(country: string, office: string): AuditSettings;
  limitationMs(country: string): number;
  sampleRate(country: string): number;
}

const DAY = 86_400_000;

/** Illustrative defaults until config/audit.ts resolves them per administration. */
export function loadAuditPolicy(): AuditPolicy {
  return {
    settings: () => ({
      documentDeadlineMs: 30 * DAY,
      reminderLeadMs: 7 * DAY,
      extensionMs: 14 * DAY,
      commentsPeriodMs: 30 * DAY,
      appealWindowMs: 30 * DAY,
      slaMs: 60 * DAY,
      interestPercentPerDay: '0.03',
      penalties: { UNDERVALUATION: { percentOfDifference: '20' } },
    }),
    limitationMs: () => 3 * 365 * DAY,
    sampleRate: () => 0.01,
  };
}
