import {
  compileProfile,
  evaluate,
  factsFromDeclaration,
  type RiskDeclarationInput,
} from '../../../domain/risk';
import { profileWith } from './helpers';

/** A copy of /work/shared/examples/declaration-import.json (the shared import example), fresh per call. */
function example(): RiskDeclarationInput {
  const doc = {
    lrn: 'SRL-IM-2026-000001',
    type: 'IM',
    additionalType: 'A',
    procedureCode: '4000',
    declarant: {
      tin: 'KZ990140000123',
      name: 'Silk Road Logistics LLP',
      country: 'KZ',
      aeo: false,
    },
    importer: {
      tin: 'KZ990140000123',
      name: 'Silk Road Logistics LLP',
      country: 'KZ',
    },
    exporter: {
      name: 'Xinjiang Machinery Export Co.',
      country: 'CN',
    },
    officeOfDeclaration: 'KZALA001',
    officeOfEntry: 'KZKHO001',
    countryOfDispatch: 'CN',
    countryOfDestination: 'KZ',
    transport: {
      mode: 'ROAD',
      vehicleRegistration: 'KZ123ABC02',
      containers: [],
    },
    incoterm: 'FCA',
    invoice: {
      number: 'INV-88231',
      currency: 'USD',
      amount: '25400.00',
    },
    valuation: {
      method: '1',
      relatedParties: false,
      freight: '1200.00',
      insurance: '85.50',
      currency: 'USD',
    },
    items: [
      {
        seq: 1,
        hsCode: '8471300000',
        description: 'Portable laptops, 14 inch',
        originCountry: 'CN',
        quantity: '200',
        unit: 'PCE',
        netMassKg: '420.000',
        grossMassKg: '510.000',
        invoiceAmount: '22000.00',
      },
      {
        seq: 2,
        hsCode: '8504403000',
        description: 'Power adapters for laptops',
        originCountry: 'CN',
        quantity: '400',
        unit: 'PCE',
        netMassKg: '160.000',
        grossMassKg: '190.000',
        invoiceAmount: '3400.00',
      },
    ],
    documents: [
      {
        code: 'N380',
        reference: 'INV-88231',
      },
      {
        code: 'N730',
        reference: 'CMR-55120',
      },
      {
        code: 'N954',
        reference: 'CO-CN-2026-7781',
      },
    ],
    arrivedAt: '2026-11-27T08:30:00Z',
  };
  return doc;
}

describe('facts from a declaration', () => {
  it('derives header and item facts from the shared import example', () => {
    const f = factsFromDeclaration(example(), {
      declarationId: '26KZ00000000000017',
      exchangeRate: '1',
      referenceUnitPrices: { '847130': '150.00' },
      compliance: { score: 72, rating: 'B' },
      routeCountries: ['CN', 'KZ'],
    });
    expect(f.header).toMatchObject({
      declarationId: '26KZ00000000000017',
      declarantTin: 'KZ990140000123',
      aeo: false,
      complianceScore: 72,
      officeOfDeclaration: 'KZALA001',
      countryOfDispatch: 'CN',
      transportMode: 'ROAD',
      invoiceAmount: 25400,
      itemCount: 2,
      documentCodes: ['N380', 'N730', 'N954'],
      containerCount: 0,
      totalGrossMassKg: 700,
    });
    expect(f.items[0]).toMatchObject({
      seq: 1,
      hsCode: '8471300000',
      originCountry: 'CN',
      quantity: 200,
      unitValue: 110,
      referenceUnitPrice: 150,
    });
    expect(f.items[1]).toMatchObject({ seq: 2, unitValue: 8.5, referenceUnitPrice: undefined });
  });

  it('converts the declared unit value with the exchange rate, unless the caller gives it', () => {
    const converted = factsFromDeclaration(example(), { exchangeRate: '470.25' });
    expect(converted.items[0].unitValue).toBe(51727.5);
    const given = factsFromDeclaration(example(), { unitValues: { 1: '42' } });
    expect(given.items[0].unitValue).toBe(42);
  });

  it('an under-valued item of the example is caught by a reference price rule', () => {
    const f = factsFromDeclaration(example(), { referenceUnitPrices: { '8471': '400' } });
    const p = profileWith([
      {
        id: 'UV',
        when: { op: 'underValued', ratioBelow: '0.5' },
        weight: 40,
        reason: 'unit value below half the reference price',
      },
    ]);
    const d = evaluate(compileProfile(p), f, { seed: 'x', office: 'KZALA001' });
    expect(d.hits).toEqual([
      { ruleId: 'UV', reason: 'unit value below half the reference price', weight: 40, itemSeq: 1 },
    ]);
    expect(d.channel).toBe('YELLOW');
    expect(d.declarationId).toBe('SRL-IM-2026-000001');
  });
});
