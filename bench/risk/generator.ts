import {
  mulberry32,
  type Predicate,
  type RiskDeclarationInput,
  type RiskFactsContext,
  type RiskProfileInput,
  type RiskRule,
} from '../../domain/risk';

/**
 * Deterministic generator of the risk benchmark (fixed seed): a profile of RULES rules over plausible
 * predicates, and declarations drawn from the same HS codes, traders, offices and words, so that
 * rules hit. The draw order is the output: generate the profile first, then declarations 0..n-1.
 */

export const RULES = 1000;

const rnd = mulberry32(20261127);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const digits = (n: number): string => Array.from({ length: n }, () => String(int(10))).join('');

const COUNTRIES = [
  'CN',
  'KZ',
  'KG',
  'UZ',
  'TJ',
  'RU',
  'TR',
  'DE',
  'IN',
  'IR',
  'AF',
  'AE',
  'KR',
  'JP',
  'US',
  'PK',
];
const OFFICES = ['KZALA001', 'KZKHO001', 'KZAST001', 'KGBIS001', 'UZTAS001', 'TJDUS001'];
const MODES = ['ROAD', 'RAIL', 'AIR', 'SEA'];
const HEADINGS = Array.from({ length: 300 }, () => {
  const ch = 1 + int(97);
  return String(ch === 77 ? 76 : ch).padStart(2, '0') + digits(2);
});
const SUBHEADINGS = Array.from({ length: 900 }, () => pick(HEADINGS) + digits(2));
const HS_CODES = Array.from({ length: 3000 }, () => pick(SUBHEADINGS) + digits(4));
const TINS = Array.from({ length: 2000 }, () => pick(['KZ', 'KG', 'UZ']) + digits(12));
const WORDS = [
  'laptop',
  'adapter',
  'lithium battery',
  'cotton fabric',
  'steel pipe',
  'tyres',
  'cigarettes',
  'medicine',
  'toys',
  'phones',
  'spare parts',
  'garments',
  'tea',
  'dried fruit',
  'carpets',
  'solar panels',
  'pumps',
  'valves',
  'cables',
  'furniture',
  'footwear',
  'ceramics',
  'glassware',
  'paint',
  'fertiliser',
  'seeds',
  'wheat',
  'sugar',
  'cosmetics',
  'perfume',
  'watches',
  'cameras',
  'printers',
  'monitors',
  'routers',
  'bicycles',
  'engines',
  'bearings',
  'tools',
  'textiles',
];

function genPredicate(): Predicate {
  const k = int(100);
  const hs6 = (): string => pick(SUBHEADINGS);
  const hs4 = (): string => pick(HEADINGS);
  if (k < 30)
    return {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: [int(3) === 0 ? hs4() : hs6()] },
        {
          op: 'range',
          field: pick(['grossMassKg', 'unitValue', 'quantity'] as const),
          min: String(int(500)),
          max: String(500 + int(5000)),
        },
      ],
    };
  if (k < 40)
    return {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: [hs6(), hs6()] },
        { op: 'route', origin: [pick(COUNTRIES), pick(COUNTRIES)] },
      ],
    };
  if (k < 52)
    return {
      op: 'all',
      of: [
        { op: 'equals', field: 'declarantTin', value: pick(TINS) },
        { op: 'range', field: 'invoiceAmount', min: '10000' },
      ],
    };
  if (k < 60)
    return {
      op: 'all',
      of: [
        { op: 'route', origin: [pick(COUNTRIES)] },
        { op: 'hsPrefix', prefixes: [hs4()] },
      ],
    };
  if (k < 67)
    return {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: [hs4()] },
        { op: 'underValued', ratioBelow: pick(['0.5', '0.6', '0.75']) },
      ],
    };
  if (k < 72)
    return {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: [hs4()] },
        { op: 'pattern', field: 'description', regex: `\\b(${pick(WORDS)}|${pick(WORDS)})`, flags: 'i' },
      ],
    };
  if (k < 77)
    return {
      op: 'any',
      of: [
        { op: 'hsPrefix', prefixes: [hs6()] },
        { op: 'hsPrefix', prefixes: [hs6()] },
      ],
    };
  if (k < 82)
    return {
      op: 'all',
      of: [
        { op: 'equals', field: 'officeOfDeclaration', value: pick(OFFICES) },
        { op: 'in', field: 'transportMode', values: [pick(MODES)] },
        { op: 'compliance', score: { max: 5 + int(20) }, unknown: int(4) === 0 },
      ],
    };
  if (k < 86)
    return {
      op: 'all',
      of: [
        { op: 'route', via: [pick(COUNTRIES)], dispatch: [pick(COUNTRIES)] },
        { op: 'in', field: 'transportMode', values: [pick(MODES)] },
        { op: 'not', of: { op: 'aeo', is: true } },
      ],
    };
  if (k < 90)
    return {
      op: 'all',
      of: [
        { op: 'aeo', is: false },
        { op: 'range', field: 'grossMassKg', min: String(27000 + int(3000)) },
        { op: 'pattern', field: 'description', regex: pick(WORDS) },
      ],
    };
  if (k < 92)
    return {
      op: 'all',
      of: [
        { op: 'compliance', score: { max: 1 + int(4) } },
        { op: 'range', field: 'invoiceAmount', min: String(50000 + int(500000)) },
      ],
    };
  if (k < 94)
    return { op: 'pattern', field: 'description', regex: `^${pick(WORDS)} ${pick(WORDS)}$`, flags: 'i' };
  if (k < 96)
    return {
      op: 'pattern',
      field: 'description',
      regex: `^(${pick(WORDS)}|${pick(WORDS)}) (${pick(WORDS)}|${pick(WORDS)})$`,
    };
  return {
    op: 'all',
    of: [
      { op: 'equals', field: 'declarantTin', value: pick(TINS) },
      { op: 'not', of: { op: 'hsPrefix', prefixes: [hs4().slice(0, 2)] } },
    ],
  };
}

export function genProfile(): RiskProfileInput {
  const rules: RiskRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const r: RiskRule = {
      id: `R${String(i).padStart(4, '0')}`,
      when: genPredicate(),
      reason: `generated rule ${i}`,
    };
    const f = int(100);
    if (f < 2) r.forceChannel = 'RED';
    else if (f < 3) r.forceChannel = 'QUERY';
    else if (f < 4) r.forceChannel = 'BLUE';
    if (f >= 2 || int(2) === 0) r.weight = 3 + int(20);
    rules.push(r);
  }
  return {
    id: 'BENCH-GENERATED',
    version: 1,
    country: 'KZ',
    thresholds: {
      default: { blue: 20, yellow: 40, red: 70 },
      offices: { KZKHO001: { yellow: 30, red: 60 } },
    },
    randomSelection: { default: { rate: 0.03 }, offices: { KZKHO001: { rate: 0.05, channel: 'RED' } } },
    aeo: { scoreMultiplier: 0.5, channelStepDown: 1, randomRateMultiplier: 1, lowersForcedChannels: false },
    rules,
  };
}

export function genDeclaration(n: number): {
  decl: RiskDeclarationInput;
  ctx: RiskFactsContext;
  office: string;
} {
  const items = Array.from({ length: 1 + int(4) }, (_, i) => {
    const qty = 1 + int(1000);
    return {
      seq: i + 1,
      hsCode: pick(HS_CODES),
      description: `${pick(WORDS)} ${pick(WORDS)}`,
      originCountry: pick(COUNTRIES),
      quantity: String(qty),
      unit: 'PCE',
      netMassKg: (int(20000000) / 1000).toFixed(3),
      grossMassKg: (int(30000000) / 1000).toFixed(3),
      invoiceAmount: (qty * (1 + int(3000)) + int(100) / 100).toFixed(2),
    };
  });
  const office = pick(OFFICES);
  const decl: RiskDeclarationInput = {
    lrn: `BENCH-${n}`,
    mrn: `26KZ${String(n).padStart(13, '0')}0`,
    type: 'IM',
    procedureCode: '4000',
    declarant: { tin: pick(TINS), country: 'KZ', aeo: int(10) === 0 },
    officeOfDeclaration: office,
    officeOfEntry: pick(OFFICES),
    countryOfDispatch: pick(COUNTRIES),
    countryOfDestination: 'KZ',
    transport: { mode: pick(MODES), containers: [] },
    invoice: { currency: 'USD', amount: items.reduce((s, it) => s + Number(it.invoiceAmount), 0).toFixed(2) },
    items,
  };
  const referenceUnitPrices: Record<string, string> = {};
  for (const it of items)
    if (int(2) === 0) referenceUnitPrices[it.hsCode.slice(0, 6)] = String(1 + int(4000));
  const ctx: RiskFactsContext = {
    referenceUnitPrices,
    routeCountries: [decl.countryOfDispatch!, pick(COUNTRIES), 'KZ'],
  };
  if (int(5) > 0) ctx.compliance = { score: int(100), rating: pick(['A', 'B', 'C', 'D']) };
  return { decl, ctx, office };
}
