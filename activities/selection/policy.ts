import { auditAdministration, auditSettings, limitationPeriodMs, loadAuditConfig } from '../../config/audit';
import type { AuditSettings } from '../../contracts/audit';

/**
 * What opening an audit needs from the administrations' audit configuration (config/audit.ts,
 * `CLEARWAY_AUDIT_CONFIG`): the settings the workflow gets as input, the limitation period (a
 * declaration released longer ago cannot be reassessed) and the random sample's rate. One port, read
 * once, so the API and the worker's dispatcher apply the same values.
 */
export interface AuditPolicy {
  settings(country: string, office: string): AuditSettings;
  limitationMs(country: string): number;
  sampleRate(country: string): number;
}

export function loadAuditPolicy(env: NodeJS.ProcessEnv = process.env): AuditPolicy {
  const cfg = loadAuditConfig(env);
  return {
    settings: (country) => auditSettings(cfg, country),
    limitationMs: (country) => limitationPeriodMs(cfg, country),
    sampleRate: (country) => Number(auditAdministration(cfg, country).samplingRate),
  };
}
