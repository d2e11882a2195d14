import { FINAL_DECLARATION_STATES } from '../../contracts/declaration';
import { TRANSIT_STATES } from '../transit/rules';
import type { CaseSubjects } from './subject';

/**
 * The goods index of open cases (`case_goods`, docs/alerts.md "Matching"): what a commodity alert is
 * matched with on raising. Pure: the activities write and read the table.
 */

export type IndexedGoods = CaseSubjects['goods'];

/** A movement in one of these states is past control: an alert can do nothing with it. */
export const TRANSIT_OPEN_STATES: ReadonlySet<string> = new Set([
  'LODGED',
  'ACCEPTED',
  'GUARANTEE_REFUSED',
  'UNDER_CONTROL',
  'RELEASED_FOR_TRANSIT',
]);

/**
 * States from which a movement never returns to control: arrived, written off, never left. A
 * pre-lodged movement waiting for its goods to be presented is not past control yet.
 */
const TRANSIT_CLOSED_STATES: ReadonlySet<string> = new Set(
  TRANSIT_STATES.filter((s) => !TRANSIT_OPEN_STATES.has(s) && s !== 'AWAITING_PRESENTATION'),
);

/**
 * Whether a case of this kind in this state leaves the goods index. A released declaration leaves it
 * too: only its post-release window remains, which vehicle, container and trader alerts still reach
 * through visibility.
 */
export function goodsClosed(kind: string, state: string): boolean {
  if (kind === 'declaration') return (FINAL_DECLARATION_STATES as readonly string[]).includes(state);
  if (kind === 'transit') return TRANSIT_CLOSED_STATES.has(state);
  return false;
}

/** Every closed state of a kind, for the SQL that leaves closed cases out. */
export function closedStatesOf(kind: 'declaration' | 'transit'): string[] {
  return kind === 'declaration' ? [...FINAL_DECLARATION_STATES] : [...TRANSIT_CLOSED_STATES];
}

/**
 * A transit movement's goods as the index holds them: transit items carry no origin, so each heading
 * is indexed with the country of departure, where the goods are dispatched from.
 */
export function transitGoods(d: {
  officeOfDeparture: string;
  consignment: { items: { hsCode: string }[] };
}): IndexedGoods {
  const origin = d.officeOfDeparture.slice(0, 2);
  const headings = [...new Set(d.consignment.items.map((i) => i.hsCode.slice(0, 4)))].sort();
  return headings.map((heading) => ({ heading, origin }));
}
