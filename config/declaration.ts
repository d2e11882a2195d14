import { z } from 'zod';
import { WAITING_STATES, type DeclarationSettings, type WaitingState } from '../contracts/declaration';
import { durationMs } from './env';

export type { DeclarationSettings, WaitingState } from '../contracts/declaration';

/**
 * Declaration process time settings, as durations (`30s`, `15m`, `4h`, `2d`). The API resolves them
 * for the office of declaration into milliseconds and passes them to the workflow as input
 * (`DeclarationSettings`): workflow code never reads configuration. `CLEARWAY_DECLARATION_CONFIG`
 * may hold a JSON object overriding any of them. Defaults are illustrative (docs/declaration-process.md).
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 15m, 4h or 2d');
const OfficeCode = z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001');

const SlaTable = z.partialRecord(z.enum(WAITING_STATES), duration);

export const DeclarationConfigSchema = z.object({
  sla: z
    .object({
      /** SLA per waiting state; a state not listed uses CLEARWAY_SLA_DEFAULT. */
      default: SlaTable.default({
        UNDER_CONTROL: '4h',
        QUERIED: '2d',
        AWAITING_PAYMENT: '1d',
        AWAITING_PRESENTATION: '1d',
      }),
      /** Per office overrides, state by state. */
      offices: z.record(OfficeCode, SlaTable).default({}),
    })
    .default({
      default: { UNDER_CONTROL: '4h', QUERIED: '2d', AWAITING_PAYMENT: '1d', AWAITING_PRESENTATION: '1d' },
      offices: {},
    }),
  /** Stand-by green window: how long a GREEN case waits for an officer to re-route it. 0s = none. */
  standByGreen: z
    .object({
      default: duration.default('0s'),
      offices: z.record(OfficeCode, duration).default({ KZKHO001: '15m' }),
    })
    .default({ default: '0s', offices: { KZKHO001: '15m' } }),
  /** Pre-lodged declarations (additional type D/E/F) not presented within this are rejected. */
  presentationDeadline: duration.default('30d'),
  /** How long the declarant has to answer a query (QUERY channel) before the goods are not released. */
  queryDeadline: duration.default('7d'),
  /** How long a released case stays open for a customs invalidation or an intelligence hit. */
  postReleaseWindow: duration.default('90d'),
  /** How long a released export waits for its exit to be confirmed at the office of exit. */
  exitDeadline: duration.default('90d'),
  /** A read-model write that used up its attempts on a transient failure (stuck) is tried again after this. */
  stepRetry: duration.default('1h'),
});
export type DeclarationConfig = z.infer<typeof DeclarationConfigSchema>;

export function loadDeclarationConfig(env: NodeJS.ProcessEnv = process.env): DeclarationConfig {
  const raw = env.CLEARWAY_DECLARATION_CONFIG;
  return DeclarationConfigSchema.parse(raw ? JSON.parse(raw) : {});
}

export function declarationSettings(
  cfg: DeclarationConfig,
  office: string,
  defaultSla: string,
): DeclarationSettings {
  const table = { ...cfg.sla.default, ...(cfg.sla.offices[office] ?? {}) };
  const slaByStateMs: Partial<Record<WaitingState, number>> = {};
  for (const s of WAITING_STATES) {
    const d = table[s];
    if (d) slaByStateMs[s] = durationMs(d);
  }
  return {
    slaMs: durationMs(defaultSla),
    slaByStateMs,
    standByMs: durationMs(cfg.standByGreen.offices[office] ?? cfg.standByGreen.default),
    presentationDeadlineMs: durationMs(cfg.presentationDeadline),
    queryDeadlineMs: durationMs(cfg.queryDeadline),
    postReleaseMs: durationMs(cfg.postReleaseWindow),
    exitDeadlineMs: durationMs(cfg.exitDeadline),
    stepRetryMs: durationMs(cfg.stepRetry),
  };
}
