import type { PresentationNotification } from '../../contracts/transit';
import type { TransitDeclaration } from '../schemas/transit';
import type { Entry, MovementState } from './movement';

/**
 * A pre-lodged declaration (additional declaration type D, or E for an authorised consignor) is
 * lodged before the goods reach the office of departure: it waits for their presentation (IE170)
 * before its MRN is allocated (IE028), the guarantee reserved, the risk decision taken and the goods
 * released. Not presented within `PRESENTATION_DAYS`, it lapses (invalidated by the office).
 */
export const PRESENTATION_DAYS = 30;

export const prelodged = (t: TransitDeclaration): boolean =>
  t.additionalType === 'D' || t.additionalType === 'E';

export function presentationRefusal(s: MovementState, p: PresentationNotification): string | undefined {
  if (!prelodged(s.declaration))
    return `presentation refused: only a pre-lodged declaration (additional type D or E) is presented; this one is ${s.declaration.additionalType}`;
  if (s.view.presentation)
    return `presentation refused: the goods were already presented at ${s.view.presentation.at}`;
  if (s.view.state !== 'AWAITING_PRESENTATION')
    return `presentation refused: the declaration is not waiting for its goods (the movement is ${s.view.state})`;
  if (p.office !== s.declaration.officeOfDeparture)
    return `presentation refused: ${p.office} is not the office of departure (${s.declaration.officeOfDeparture})`;
  return undefined;
}

/** The MRN is allocated on presentation (ACCEPTED, IE028); the process goes on to the guarantee. */
export function applyPresentation(s: MovementState, p: PresentationNotification, at: string): Entry[] {
  s.view.presentation = { at, by: p.by, office: p.office, ...(p.location ? { location: p.location } : {}) };
  s.view.pending = undefined;
  return [
    {
      type: 'presented',
      actor: p.by,
      reason: `IE170 goods presented at ${p.office}${p.location ? ` (${p.location})` : ''}`,
    },
    { type: 'state', state: 'ACCEPTED', actor: 'system', reason: `IE028 MRN ${s.view.mrn} allocated` },
  ];
}

/** Not presented in time: the office invalidates the pre-lodged declaration. */
export function applyPresentationLapsed(s: MovementState, at: string): Entry[] {
  const justification = `goods not presented within ${PRESENTATION_DAYS} days of the pre-lodged declaration`;
  s.view.invalidation = { requestedAt: at, by: 'system', justification };
  s.view.pending = undefined;
  return [{ type: 'state', state: 'INVALIDATED', actor: 'system', reason: justification }];
}
