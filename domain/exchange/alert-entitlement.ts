import type { AlertView } from '../../contracts/alert';
import { alertRaiser } from './correlation';
import type { Refusal } from './envelope';

/** What the door needs of an alert message (apps/api/exchange/alert-side.ts). */
export interface AlertMessageFacts {
  type: 'ALERT' | 'ALERTRESULT';
  /** The envelope's correlation. */
  alertId: string;
  body: { alertId: string; country: string; mrn?: string };
}

/**
 * Whether an administration may send this alert message (docs/exchange.md, "Intelligence alerts"):
 * an alert only from its raiser (the alert id's country and the body's); a result only from the
 * administration it names, for an alert the receiver raised (`raised`: the receiver's view of it,
 * undefined when it holds none), about an MRN that is not another administration's match.
 */
export function alertEntitlementRefusal(
  sender: string,
  receiver: string,
  m: AlertMessageFacts,
  raised?: Pick<AlertView, 'country' | 'matches'>,
): Refusal | undefined {
  const refuse = (text: string): Refusal => ({ code: 'NOT_ENTITLED', text });
  if (m.body.alertId !== m.alertId) return refuse(`the body is about ${m.body.alertId}, not ${m.alertId}`);
  if (m.type === 'ALERT')
    return alertRaiser(m.alertId) === sender && m.body.country === sender
      ? undefined
      : refuse(`${sender} may send only the alerts it raised`);
  if (m.body.country !== sender) return refuse(`${sender} reports control results only for itself`);
  if (!raised) return { code: 'UNKNOWN_MOVEMENT', text: `no alert ${m.alertId}` };
  if (raised.country !== receiver) return refuse(`alert ${m.alertId} was not raised by ${receiver}`);
  const other = raised.matches.find((x) => x.mrn === m.body.mrn && x.country !== sender);
  return other ? refuse(`${m.body.mrn} is controlled by ${other.country}`) : undefined;
}
