import { ValidationFailed } from './errors';

/**
 * A case belongs to the node of its administration (issue 15): one at an office of a country this
 * node does not serve is refused before anything starts, naming the field it came from.
 */
export function refuseUnserved(served: ReadonlySet<string>, country: string, field: string): void {
  if (served.has(country)) return;
  throw new ValidationFailed(
    [
      {
        path: field,
        message: `${country} is not served by this node (it serves ${[...served].join(', ')}); lodge it at ${country}'s node`,
        code: 'not_served',
      },
    ],
    `this node does not serve ${country}`,
  );
}
