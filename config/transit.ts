import { z } from 'zod';
import { actingOffice, TRANSIT_WAITING_STATES, type TransitWaitingState } from '../domain/transit/rules';
import type { GuaranteeSettings, TransitSettings } from '../contracts';
import { durationMs } from './env';

export type { GuaranteeSettings, TransitSettings } from '../contracts';

/**
 * Transit and guarantee time settings, as durations (`30s`, `15m`, `4h`, `8d`). The API resolves them
 * into milliseconds and passes them to the workflows as input: workflow code never reads config.
 * Defaults are illustrative (docs/transit.md); `CLEARWAY_TRANSIT_CONFIG` may hold a JSON object
 * overriding any of them.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 4h or 8d');
const OfficeCode = z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KGBIS001');
const SlaTable = z.partialRecord(z.enum(TRANSIT_WAITING_STATES), duration);
/**
 * Waiting states without a business deadline get an SLA by default: an officer who never records the
 * departure control or the unloading remarks would otherwise leave the movement waiting unseen. States
 * with a deadline move on by themselves; an SLA may still be set for them (e.g. ENQUIRY: 7d).
 */
const DEFAULT_SLA = { UNDER_CONTROL: '4h', ARRIVED: '1d' } as const;

export const TransitConfigSchema = z.object({
  /** Transit time limit by route: `DEPARTURE>DESTINATION` office pair, then country pair, then default. */
  timeLimits: z
    .record(z.string(), duration)
    .default({ 'CN>KG': '6d', 'CN>KZ': '5d', 'CN>UZ': '8d', 'CN>TJ': '8d' }),
  defaultTimeLimit: duration.default('8d'),
  /** How long a movement whose guarantee was refused waits for an amendment before NOT_RELEASED. */
  amendmentDeadline: duration.default('3d'),
  /** Non-arrival enquiry (IE140): time the holder has to answer before recovery. */
  enquiryResponse: duration.default('28d'),
  /** Time the office of destination has to resolve discrepancies found at unloading. */
  discrepancyResolution: duration.default('3d'),
  /** Guarantee: how long before the end of validity the holder and offices are warned. */
  expiryWarningLead: duration.default('30d'),
  /** Guarantee: history length (events) after which the entity workflow continues as new. */
  guaranteeHistoryLimit: z.number().int().min(50).default(2000),
  /** Guarantee: wrong access codes in a row that lock it, and for how long (domain/guarantee/access-code.ts). */
  accessCodeAttempts: z.number().int().min(1).default(5),
  accessCodeLockout: duration.default('15m'),
  /** SLA per waiting state, then per office (the office that has to act in that state). */
  sla: z
    .object({
      default: SlaTable.default({ ...DEFAULT_SLA }),
      offices: z.record(OfficeCode, SlaTable).default({}),
    })
    .default({ default: { ...DEFAULT_SLA }, offices: {} }),
});
export type TransitConfig = z.infer<typeof TransitConfigSchema>;

export function loadTransitConfig(env: NodeJS.ProcessEnv = process.env): TransitConfig {
  const raw = env.CLEARWAY_TRANSIT_CONFIG;
  return TransitConfigSchema.parse(raw ? JSON.parse(raw) : {});
}

export function routeTimeLimit(cfg: TransitConfig, departure: string, destination: string): string {
  return (
    cfg.timeLimits[`${departure}>${destination}`] ??
    cfg.timeLimits[`${departure.slice(0, 2)}>${destination.slice(0, 2)}`] ??
    cfg.defaultTimeLimit
  );
}

export function transitSettings(cfg: TransitConfig, departure: string, destination: string): TransitSettings {
  return {
    timeLimitMs: durationMs(routeTimeLimit(cfg, departure, destination)),
    amendmentDeadlineMs: durationMs(cfg.amendmentDeadline),
    enquiryResponseMs: durationMs(cfg.enquiryResponse),
    discrepancyResolutionMs: durationMs(cfg.discrepancyResolution),
    slaByStateMs: transitSla(cfg, departure, destination),
  };
}

export function transitSla(
  cfg: TransitConfig,
  departure: string,
  destination: string,
): Partial<Record<TransitWaitingState, number>> {
  const out: Partial<Record<TransitWaitingState, number>> = {};
  for (const state of TRANSIT_WAITING_STATES) {
    const office = actingOffice(state, departure, destination);
    const d = cfg.sla.offices[office]?.[state] ?? cfg.sla.default[state];
    if (d) out[state] = durationMs(d);
  }
  return out;
}

export function guaranteeSettings(cfg: TransitConfig): GuaranteeSettings {
  return {
    expiryWarningLeadMs: durationMs(cfg.expiryWarningLead),
    historyLimit: cfg.guaranteeHistoryLimit,
    codeLockout: { attempts: cfg.accessCodeAttempts, lockMs: durationMs(cfg.accessCodeLockout) },
  };
}
