import type {
  RiskFacts,
  RiskHeaderFacts,
  RiskItemFacts,
  RiskProfileInput,
  RiskRule,
} from '../../../domain/risk';

/** A fresh profile per call: no shared mutable fixtures. */
export function profileWith(rules: RiskRule[], overrides: Partial<RiskProfileInput> = {}): RiskProfileInput {
  return {
    id: 'TEST',
    version: 1,
    thresholds: { default: { yellow: 30, red: 60 }, offices: {} },
    randomSelection: { default: { rate: 0 }, offices: {} },
    rules,
    ...overrides,
  };
}

export function header(over: Partial<RiskHeaderFacts> = {}): RiskHeaderFacts {
  return {
    declarationId: 'DECL-1',
    declarantTin: 'KZ990140000123',
    aeo: false,
    officeOfDeclaration: 'KZALA001',
    countryOfDispatch: 'CN',
    countryOfDestination: 'KZ',
    routeCountries: ['CN', 'KZ'],
    transportMode: 'ROAD',
    itemCount: 1,
    documentCodes: ['N380'],
    ...over,
  };
}

export function item(over: Partial<RiskItemFacts> = {}): RiskItemFacts {
  return {
    seq: 1,
    hsCode: '8471300000',
    originCountry: 'CN',
    description: 'Portable laptops',
    quantity: 200,
    grossMassKg: 510,
    ...over,
  };
}

export function facts(h: Partial<RiskHeaderFacts> = {}, items: Partial<RiskItemFacts>[] = [{}]): RiskFacts {
  return {
    header: header({ itemCount: items.length, ...h }),
    items: items.map((it, i) => item({ seq: i + 1, ...it })),
  };
}

export const OPTS = { seed: 'test-seed', office: 'KZALA001' };
