import type { AlertChannel } from '../../contracts/alert';
import { mostSevere } from '../channels';
import type { RiskDecision } from '../risk/decision';

/** An active alert a lodged declaration matched (activities/alert/lodgement.ts). */
export interface AlertRiskFact {
  alertId: string;
  channel: AlertChannel;
  reason: string;
}

/**
 * The engine's decision with the active alerts a lodgement matched as hits: each forces at least its
 * channel (a HIGH alert RED, any other YELLOW), whatever the score, the AEO policy or the draw said.
 */
export function withAlertFacts(d: RiskDecision, alerts: readonly AlertRiskFact[]): RiskDecision {
  if (!alerts.length) return d;
  let forced = d.forcedChannel;
  let channel = d.channel;
  for (const a of alerts) {
    forced = forced ? mostSevere(forced, a.channel) : a.channel;
    channel = mostSevere(channel, a.channel);
  }
  return {
    ...d,
    forcedChannel: forced,
    channel,
    hits: [
      ...d.hits,
      ...alerts.map((a) => ({ ruleId: `alert:${a.alertId}`, reason: a.reason, forcedChannel: a.channel })),
    ],
    explanation: [...d.explanation, ...alerts.map((a) => `alert ${a.alertId} forces at least ${a.channel}`)],
  };
}
