/**
 * Clearway's outbox types and the NCTS message types they cross the border as (docs/exchange.md).
 * The departure process names its records after what they are (the anticipated arrival record), the
 * exchange after NCTS; the receiver maps back so the arrival record applies the same message as in
 * the all-in-one deployment. A type not named here crosses under its own name (IE043, IE140, ...).
 */
export const EXCHANGE_TYPE_OF: Readonly<Record<string, string>> = {
  ANTICIPATED_ARRIVAL_RECORD: 'IE001',
  ANTICIPATED_TRANSIT_RECORD: 'IE050',
  // NCTS has no alerts: the exchange's own names, within the envelope's 2-16 letters and digits.
  'intelligence-alert': 'ALERT',
  'intelligence-alert-result': 'ALERTRESULT',
};

const OUTBOX_TYPE_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EXCHANGE_TYPE_OF).map(([outbox, exchange]) => [exchange, outbox]),
);

export const exchangeTypeOf = (outboxType: string): string => EXCHANGE_TYPE_OF[outboxType] ?? outboxType;
export const outboxTypeOf = (exchangeType: string): string => OUTBOX_TYPE_OF[exchangeType] ?? exchangeType;

/**
 * What the departure administration tells the destination side about its movement: the anticipated
 * arrival record (IE001), the office of transit's record (IE050), unloading permission (IE043), the
 * non-arrival enquiry (IE140) and the write-off (IE045). The receiver applies them to its arrival
 * record (`arrival/<MRN>`), not to a movement: the movement lives on the departure node.
 */
export const ARRIVAL_SIDE_TYPES = ['IE001', 'IE050', 'IE043', 'IE140', 'IE045'] as const;

export const isArrivalSideType = (type: string): boolean =>
  (ARRIVAL_SIDE_TYPES as readonly string[]).includes(type);

/** The administration whose node holds the movement: the country in the MRN (characters 3-4). */
export const departureAdministration = (mrn: string): string => mrn.slice(2, 4);

/**
 * Intelligence alerts between administrations (docs/alerts.md): the alert to a recipient (ALERT) and
 * a match's control result to the raiser (ALERTRESULT). Their correlation is the alert id, not an MRN.
 */
export const ALERT_SIDE_TYPES = ['ALERT', 'ALERTRESULT'] as const;

export const isAlertSideType = (type: string): boolean =>
  (ALERT_SIDE_TYPES as readonly string[]).includes(type);
