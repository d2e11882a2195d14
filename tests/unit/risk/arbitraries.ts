import fc from 'fast-check';
import type {
  Predicate,
  RiskFacts,
  RiskHeaderFacts,
  RiskItemFacts,
  RiskProfileInput,
} from '../../../domain/risk';

/**
 * fast-check generators of risk profiles and facts for the property tests: any predicate the
 * profile schema accepts, nested, over facts drawn from the same small universes.
 */

// Small value universes so that predicates and facts meet often.
const TINS = ['KZ1', 'KZ2', 'KG1'];
const MODES = ['ROAD', 'RAIL', 'AIR'];
const COUNTRIES = ['CN', 'KZ', 'KG', 'AF'];
export const OFFICES = ['KZALA001', 'KZKHO001'];
const HS = ['8471300000', '8471410000', '8504403000', '9403200000', '8'];
const DESCRIPTIONS = ['Laptops', 'laptop bag', 'Power adapters', '\u212Aelvin', '', 'x top'];
const DOCS = ['N380', 'N954', 'C100'];
export const PATTERNS = [
  '^lap',
  'top',
  '^(Lap|Pow)',
  'ADAPT',
  '^x|top',
  '^K',
  'ers$',
  '^KZ\\d$',
  '^(?:N9|C)',
  '^[NC]',
];
const PREFIXES = ['8', '84', '8471', '847130', '85', '8504', '9', '94032'];

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const small = fc.integer({ min: 0, max: 10 });
const numLiteral = fc.oneof(small, small.map(String), fc.constantFrom('2.5', '0.5'));

const leaf: fc.Arbitrary<Predicate> = fc.oneof(
  fc.record({
    op: fc.constant('equals' as const),
    field: fc.constant('declarantTin' as const),
    value: fc.constantFrom(...TINS),
  }),
  fc.record({
    op: fc.constant('equals' as const),
    field: fc.constant('originCountry' as const),
    value: fc.constantFrom(...COUNTRIES),
  }),
  fc.record({
    op: fc.constant('equals' as const),
    field: fc.constant('hsCode' as const),
    value: fc.constantFrom(...HS),
  }),
  fc.record({
    op: fc.constant('equals' as const),
    field: fc.constant('quantity' as const),
    value: numLiteral,
  }),
  fc.record({
    op: fc.constant('equals' as const),
    field: fc.constant('routeCountries' as const),
    value: fc.constantFrom(...COUNTRIES),
  }),
  fc.record({ op: fc.constant('equals' as const), field: fc.constant('aeo' as const), value: fc.boolean() }),
  fc.record({
    op: fc.constant('in' as const),
    field: fc.constant('transportMode' as const),
    values: fc.subarray(MODES, { minLength: 1 }),
  }),
  fc.record({
    op: fc.constant('in' as const),
    field: fc.constant('officeOfDeclaration' as const),
    values: fc.subarray(OFFICES, { minLength: 1 }),
  }),
  fc.record({
    op: fc.constant('in' as const),
    field: fc.constant('documentCodes' as const),
    values: fc.subarray(DOCS, { minLength: 1 }),
  }),
  fc.record({
    op: fc.constant('in' as const),
    field: fc.constant('grossMassKg' as const),
    values: fc.array(small, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('hsPrefix' as const),
    prefixes: fc.subarray(PREFIXES, { minLength: 1, maxLength: 3 }),
  }),
  fc
    .record({
      op: fc.constant('range' as const),
      field: fc.constantFrom(
        'quantity' as const,
        'grossMassKg' as const,
        'complianceScore' as const,
        'invoiceAmount' as const,
      ),
      min: opt(numLiteral),
      max: opt(numLiteral),
    })
    .filter((p) => p.min !== undefined || p.max !== undefined)
    .filter((p) => p.min === undefined || p.max === undefined || Number(p.min) <= Number(p.max))
    .map((p) => {
      const out: Predicate = { op: 'range', field: p.field };
      if (p.min !== undefined) out.min = p.min;
      if (p.max !== undefined) out.max = p.max;
      return out;
    }),
  fc
    .record({
      field: fc.constantFrom('description' as const, 'declarantTin' as const, 'documentCodes' as const),
      regex: fc.constantFrom(...PATTERNS),
      flags: fc.constantFrom('', 'i'),
    })
    .map((p): Predicate => ({ op: 'pattern', field: p.field, regex: p.regex, flags: p.flags })),
  fc.constantFrom('0.5', '1', '2').map((r): Predicate => ({ op: 'underValued', ratioBelow: r })),
  fc
    .record({
      score: opt(fc.record({ min: opt(small), max: opt(small) })),
      ratings: opt(fc.subarray(['A', 'B', 'C'], { minLength: 1 })),
      unknown: opt(fc.boolean()),
    })
    .filter((p) => p.score !== undefined || p.ratings !== undefined || p.unknown !== undefined)
    .map((p) => {
      const out: Predicate = { op: 'compliance' };
      if (p.score) {
        const score: { min?: number; max?: number } = {};
        if (p.score.min !== undefined) score.min = p.score.min;
        if (p.score.max !== undefined) score.max = p.score.max;
        out.score = score;
      }
      if (p.ratings) out.ratings = p.ratings;
      if (p.unknown !== undefined) out.unknown = p.unknown;
      return out;
    }),
  fc.record({ is: fc.boolean(), statuses: opt(fc.subarray(['AEOC', 'AEOF'], { minLength: 1 })) }).map((p) => {
    const out: Predicate = { op: 'aeo', is: p.is };
    if (p.statuses) out.statuses = p.statuses;
    return out;
  }),
  fc
    .record({
      origin: opt(fc.subarray(COUNTRIES, { minLength: 1 })),
      dispatch: opt(fc.subarray(COUNTRIES, { minLength: 1 })),
      destination: opt(fc.subarray(COUNTRIES, { minLength: 1 })),
      via: opt(fc.subarray(COUNTRIES, { minLength: 1 })),
    })
    .filter((p) => Object.values(p).some((v) => v !== undefined))
    .map((p) => {
      const out: Predicate = { op: 'route' };
      if (p.origin) out.origin = p.origin;
      if (p.dispatch) out.dispatch = p.dispatch;
      if (p.destination) out.destination = p.destination;
      if (p.via) out.via = p.via;
      return out;
    }),
);

const predicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('p'), { minLength: 1, maxLength: 3 }).map((of): Predicate => ({ op: 'all', of })),
    fc.array(tie('p'), { minLength: 1, maxLength: 3 }).map((of): Predicate => ({ op: 'any', of })),
    tie('p').map((of): Predicate => ({ op: 'not', of })),
  ),
})).p;

const itemFacts = (seq: number): fc.Arbitrary<RiskItemFacts> =>
  fc.record({
    seq: fc.constant(seq),
    hsCode: fc.constantFrom(...HS),
    originCountry: opt(fc.constantFrom(...COUNTRIES)),
    description: opt(fc.constantFrom(...DESCRIPTIONS)),
    quantity: opt(small),
    grossMassKg: opt(fc.oneof(small, fc.constant(2.5))),
    unitValue: opt(small),
    referenceUnitPrice: opt(small),
  });

export const riskFacts: fc.Arbitrary<RiskFacts> = fc
  .record({
    declarationId: fc.string({ minLength: 1, maxLength: 6 }),
    declarantTin: opt(fc.constantFrom(...TINS)),
    aeo: fc.boolean(),
    aeoStatus: opt(fc.constantFrom('AEOC', 'AEOF')),
    complianceScore: opt(small),
    complianceRating: opt(fc.constantFrom('A', 'B', 'C')),
    officeOfDeclaration: opt(fc.constantFrom(...OFFICES)),
    countryOfDispatch: opt(fc.constantFrom(...COUNTRIES)),
    countryOfDestination: opt(fc.constantFrom(...COUNTRIES)),
    routeCountries: fc.subarray(COUNTRIES),
    transportMode: opt(fc.constantFrom(...MODES)),
    invoiceAmount: opt(small),
    documentCodes: fc.subarray(DOCS),
    nItems: fc.integer({ min: 0, max: 3 }),
  })
  .chain(({ nItems, ...h }) =>
    fc.tuple(...Array.from({ length: nItems }, (_, i) => itemFacts(i + 1))).map((items) => ({
      header: { ...h, itemCount: nItems } as RiskHeaderFacts,
      items,
    })),
  );

export const profile: fc.Arbitrary<RiskProfileInput> = fc
  .record({
    rules: fc.array(
      fc.record({
        when: predicate,
        weight: opt(fc.integer({ min: -5, max: 40 })),
        forceChannel: opt(
          fc.constantFrom(
            'GREEN' as const,
            'BLUE' as const,
            'YELLOW' as const,
            'QUERY' as const,
            'RED' as const,
          ),
        ),
      }),
      { maxLength: 8 },
    ),
    yellow: fc.integer({ min: 0, max: 40 }),
    rate: fc.constantFrom(0, 0.3, 1),
    aeoStep: fc.integer({ min: 0, max: 2 }),
    lowersForced: fc.boolean(),
  })
  .map(({ rules, yellow, rate, aeoStep, lowersForced }) => ({
    id: 'PROP',
    version: 1,
    thresholds: {
      default: { yellow, red: yellow + 20 },
      offices: { KZKHO001: { blue: 0, yellow: yellow + 5, red: yellow + 10 } },
    },
    randomSelection: { default: { rate }, offices: { KZKHO001: { rate: 0.5, channel: 'RED' as const } } },
    aeo: {
      scoreMultiplier: 0.5,
      channelStepDown: aeoStep,
      randomRateMultiplier: 0.5,
      lowersForcedChannels: lowersForced,
    },
    rules: rules.map((r, i) => ({
      id: `R${i}`,
      when: r.when,
      reason: `rule ${i}`,
      ...(r.weight === undefined && r.forceChannel === undefined ? { weight: 1 } : {}),
      ...(r.weight !== undefined ? { weight: r.weight } : {}),
      ...(r.forceChannel !== undefined ? { forceChannel: r.forceChannel } : {}),
    })),
  }));
