/**
 * What a message between administrations is about (the envelope's `correlation`), from the case
 * that wrote it to the outbox: a movement's or a declaration's MRN, or an alert's id for the alert
 * process (`alert/<id>`), whose messages concern no single movement. The receiver checks the
 * sender's entitlement against it per type (docs/exchange.md, "Correlation").
 */
const MRN_IN_CASE = /\/([0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9])$/;
const ALERT_CASE = /^alert\/([A-Z]{2}-L[0-9A-Z]{16})$/;

export type Correlation = { kind: 'mrn'; value: string } | { kind: 'alert'; value: string };

export function correlationOf(caseId: string): Correlation | undefined {
  const alert = ALERT_CASE.exec(caseId)?.[1];
  if (alert) return { kind: 'alert', value: alert };
  const mrn = MRN_IN_CASE.exec(caseId)?.[1];
  return mrn ? { kind: 'mrn', value: mrn } : undefined;
}

/** The administration that raised an alert: its id starts with the raiser's country. */
export const alertRaiser = (alertId: string): string => alertId.slice(0, 2);
