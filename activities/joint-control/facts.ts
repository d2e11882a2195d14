import type { JointGoods, JointMovementFacts } from '../../contracts';
import { factsFromDeclaration, type RiskFacts } from '../../domain/risk';

/**
 * The movement as a risk engine reads it: the holder stands where a declarant would, the route, the
 * goods items and the documents the declaration cites. The rules an administration wrote for
 * declarations (watch lists, HS prefixes, route, AEO, mass, missing invoice) apply as they are.
 */
export function jointRiskFacts(m: JointMovementFacts, goods: JointGoods): RiskFacts {
  return factsFromDeclaration(
    {
      mrn: m.mrn,
      type: m.kind === 'transit' ? 'TRANSIT' : 'EX',
      declarant: { tin: m.holderTin, aeo: m.aeo },
      countryOfDispatch: m.routeCountries[0],
      countryOfDestination: m.routeCountries[m.routeCountries.length - 1],
      transport: { containers: m.containers },
      items: goods.items,
      documents: goods.documentCodes.map((code) => ({ code })),
    },
    { declarationId: m.mrn, aeo: m.aeo, routeCountries: m.routeCountries },
  );
}
