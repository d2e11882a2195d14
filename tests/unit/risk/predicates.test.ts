import {
  compileProfile,
  evaluate,
  evaluateReference,
  RiskProfileSchema,
  type Predicate,
  type RiskFacts,
} from '../../../domain/risk';
import { facts, OPTS, profileWith } from './helpers';

/** Evaluates a single-rule profile with both engines and checks they agree; returns whether it hit. */
function hits(when: Predicate, f: RiskFacts): boolean {
  const profile = profileWith([{ id: 'R1', when, weight: 10, reason: 'test rule' }]);
  const compiled = evaluate(compileProfile(profile), f, OPTS);
  const reference = evaluateReference(RiskProfileSchema.parse(profile), f, OPTS);
  expect(compiled).toEqual(reference);
  return compiled.hits.length > 0;
}

describe('field predicates', () => {
  it('equals matches a string field exactly and a missing field never', () => {
    expect(hits({ op: 'equals', field: 'declarantTin', value: 'KZ990140000123' }, facts())).toBe(true);
    expect(hits({ op: 'equals', field: 'declarantTin', value: 'KZ000' }, facts())).toBe(false);
    expect(hits({ op: 'equals', field: 'incoterm', value: 'FCA' }, facts())).toBe(false);
  });

  it('equals compares numbers numerically, decimal strings included', () => {
    expect(hits({ op: 'equals', field: 'quantity', value: '200.00' }, facts())).toBe(true);
    expect(hits({ op: 'equals', field: 'quantity', value: 201 }, facts())).toBe(false);
  });

  it('equals on a list field means "contains"', () => {
    expect(hits({ op: 'equals', field: 'documentCodes', value: 'N380' }, facts())).toBe(true);
    expect(hits({ op: 'equals', field: 'documentCodes', value: 'N954' }, facts())).toBe(false);
  });

  it('equals on a boolean field', () => {
    expect(
      hits({ op: 'equals', field: 'relatedParties', value: true }, facts({ relatedParties: true })),
    ).toBe(true);
    expect(
      hits({ op: 'equals', field: 'relatedParties', value: true }, facts({ relatedParties: false })),
    ).toBe(false);
  });

  it('in matches any listed value; on a list field any shared element', () => {
    expect(hits({ op: 'in', field: 'transportMode', values: ['RAIL', 'ROAD'] }, facts())).toBe(true);
    expect(hits({ op: 'in', field: 'transportMode', values: ['AIR'] }, facts())).toBe(false);
    expect(hits({ op: 'in', field: 'routeCountries', values: ['AF', 'KZ'] }, facts())).toBe(true);
    expect(hits({ op: 'in', field: 'itemCount', values: ['1'] }, facts())).toBe(true);
  });

  it('hsPrefix matches any prefix of the item HS code and records the item', () => {
    const f = facts({}, [{ hsCode: '8504403000' }, { hsCode: '8471300000' }]);
    expect(hits({ op: 'hsPrefix', prefixes: ['8471'] }, f)).toBe(true);
    expect(hits({ op: 'hsPrefix', prefixes: ['85', '847130'] }, f)).toBe(true);
    expect(hits({ op: 'hsPrefix', prefixes: ['8472'] }, f)).toBe(false);
    const d = evaluate(
      compileProfile(
        profileWith([{ id: 'HS', when: { op: 'hsPrefix', prefixes: ['8471'] }, weight: 1, reason: 'r' }]),
      ),
      f,
      OPTS,
    );
    expect(d.hits).toEqual([{ ruleId: 'HS', reason: 'r', weight: 1, itemSeq: 2 }]);
  });

  it('range is inclusive at both ends and accepts decimal strings', () => {
    expect(hits({ op: 'range', field: 'grossMassKg', min: '510.000', max: 600 }, facts())).toBe(true);
    expect(hits({ op: 'range', field: 'grossMassKg', min: 400, max: '510' }, facts())).toBe(true);
    expect(hits({ op: 'range', field: 'grossMassKg', min: '510.001' }, facts())).toBe(false);
    expect(hits({ op: 'range', field: 'grossMassKg', max: 509.99 }, facts())).toBe(false);
  });

  it('range never holds for a missing value', () => {
    expect(hits({ op: 'range', field: 'unitValue', max: 1e9 }, facts())).toBe(false);
    expect(hits({ op: 'not', of: { op: 'range', field: 'unitValue', max: 1e9 } }, facts())).toBe(true);
  });

  it('pattern tests a regex compiled with its flags, literal or not', () => {
    expect(hits({ op: 'pattern', field: 'description', regex: 'laptop', flags: 'i' }, facts())).toBe(true);
    expect(hits({ op: 'pattern', field: 'description', regex: '^portable', flags: 'i' }, facts())).toBe(true);
    expect(hits({ op: 'pattern', field: 'description', regex: '^portable' }, facts())).toBe(false);
    expect(hits({ op: 'pattern', field: 'description', regex: '^(Tablet|Portable) lap' }, facts())).toBe(
      true,
    );
    expect(hits({ op: 'pattern', field: 'description', regex: 'LAPTOPS$', flags: 'i' }, facts())).toBe(true);
    expect(hits({ op: 'pattern', field: 'declarantTin', regex: '^KZ\\d{12}$' }, facts())).toBe(true);
    expect(
      hits(
        { op: 'pattern', field: 'documentCodes', regex: '^N9' },
        facts({ documentCodes: ['N380', 'N954'] }),
      ),
    ).toBe(true);
  });

  it('a ^-anchored pattern with a top-level alternation is not treated as anchored', () => {
    // ^x|laptop means (^x)|(laptop): it must still match "Portable laptops".
    expect(hits({ op: 'pattern', field: 'description', regex: '^x|laptop' }, facts())).toBe(true);
  });

  it('case-insensitive patterns fold like RE2: k also matches KELVIN SIGN, literal pattern or not', () => {
    const kelvin = '\u212A';
    const on = (regex: string, description: string) =>
      hits({ op: 'pattern', field: 'description', regex, flags: 'i' }, facts({}, [{ description }]));
    expect(on('^k', kelvin)).toBe(true);
    expect(on('^(k|x)', kelvin)).toBe(true);
    expect(on('k[0-9]', `${kelvin}9`)).toBe(true);
    expect(on('k', 'K9')).toBe(true);
    expect(on('^k', 'x')).toBe(false);
  });
});

describe('combinators', () => {
  const yes: Predicate = { op: 'equals', field: 'transportMode', value: 'ROAD' };
  const no: Predicate = { op: 'equals', field: 'transportMode', value: 'AIR' };

  it('all holds only when every branch holds', () => {
    expect(hits({ op: 'all', of: [yes, yes, yes] }, facts())).toBe(true);
    expect(hits({ op: 'all', of: [yes, no] }, facts())).toBe(false);
  });

  it('any holds when one branch holds', () => {
    expect(hits({ op: 'any', of: [no, no, yes] }, facts())).toBe(true);
    expect(hits({ op: 'any', of: [no, no] }, facts())).toBe(false);
  });

  it('not negates', () => {
    expect(hits({ op: 'not', of: no }, facts())).toBe(true);
    expect(hits({ op: 'not', of: yes }, facts())).toBe(false);
  });

  it('header and item conditions combine per goods item', () => {
    const f = facts({}, [
      { hsCode: '8471300000', originCountry: 'CN' },
      { hsCode: '8504403000', originCountry: 'DE' },
    ]);
    const when: Predicate = {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: ['85'] },
        { op: 'route', origin: ['CN'] },
      ],
    };
    expect(hits(when, f)).toBe(false); // no single item is both 85.. and of CN origin
  });
});

describe('specialised predicates', () => {
  it('underValued holds when the declared unit value is below ratio x reference price', () => {
    expect(
      hits({ op: 'underValued', ratioBelow: '0.5' }, facts({}, [{ unitValue: 40, referenceUnitPrice: 100 }])),
    ).toBe(true);
    expect(
      hits({ op: 'underValued', ratioBelow: '0.5' }, facts({}, [{ unitValue: 50, referenceUnitPrice: 100 }])),
    ).toBe(false);
  });

  it('underValued never holds without a reference price', () => {
    expect(hits({ op: 'underValued', ratioBelow: 0.9 }, facts({}, [{ unitValue: 1 }]))).toBe(false);
    expect(
      hits({ op: 'underValued', ratioBelow: 0.9 }, facts({}, [{ unitValue: 1, referenceUnitPrice: 0 }])),
    ).toBe(false);
  });

  it('compliance matches the score range and rating of the declarant record', () => {
    const low = facts({ complianceScore: 20, complianceRating: 'D' });
    expect(hits({ op: 'compliance', score: { max: 30 } }, low)).toBe(true);
    expect(hits({ op: 'compliance', score: { min: 21 } }, low)).toBe(false);
    expect(hits({ op: 'compliance', ratings: ['C', 'D'] }, low)).toBe(true);
    expect(hits({ op: 'compliance', score: { max: 30 }, ratings: ['A'] }, low)).toBe(false);
  });

  it('compliance treats a missing record as unknown, matching only when the rule asks for it', () => {
    expect(hits({ op: 'compliance', score: { max: 30 } }, facts())).toBe(false);
    expect(hits({ op: 'compliance', score: { max: 30 }, unknown: true }, facts())).toBe(true);
    expect(hits({ op: 'compliance', unknown: true }, facts({ complianceScore: 90 }))).toBe(false);
  });

  it('aeo matches the declarant AEO status and certificate kind', () => {
    expect(hits({ op: 'aeo', is: true }, facts({ aeo: true }))).toBe(true);
    expect(hits({ op: 'aeo', is: true }, facts())).toBe(false);
    expect(hits({ op: 'aeo', is: false }, facts())).toBe(true);
    expect(hits({ op: 'aeo', is: true, statuses: ['AEOF'] }, facts({ aeo: true, aeoStatus: 'AEOC' }))).toBe(
      false,
    );
    expect(
      hits({ op: 'aeo', is: true, statuses: ['AEOC', 'AEOF'] }, facts({ aeo: true, aeoStatus: 'AEOC' })),
    ).toBe(true);
  });

  it('route matches origin, dispatch, destination and transit countries, all given conditions together', () => {
    const f = facts({ countryOfDispatch: 'CN', routeCountries: ['CN', 'KG', 'KZ'] }, [
      { originCountry: 'AF' },
    ]);
    expect(hits({ op: 'route', origin: ['AF', 'IR'] }, f)).toBe(true);
    expect(hits({ op: 'route', dispatch: ['CN'], via: ['KG'] }, f)).toBe(true);
    expect(hits({ op: 'route', dispatch: ['CN'], via: ['UZ'] }, f)).toBe(false);
    expect(hits({ op: 'route', destination: ['KZ'], origin: ['CN'] }, f)).toBe(false);
  });
});
