import { assessDeclaration } from '../../../domain/duties';
import { book, decl } from './support';

describe('golden: preferences by origin (KZ, DAP, invoice in KZT), accepted 2026-11-27', () => {
  // EUR/KZT 551.93, USD/KZT 512.34 (2026-11-23). DAP: no additions. VAT 16%.
  // 1: T-shirts 6109 from KG (EAEU member): MFN max(10% x 1500000 = 150000.00, 100 kg x 1.75 x 551.93 = 96587.75)
  //    = 150000.00; EAEU preference factor 0 -> duty 0.00; VAT 1500000.00 x 16% = 240000.00
  // 2: pullovers 611030 from UZ with CT-1 (document CT1): MFN max(90000.00, 90 x 2.00 x 551.93 = 99347.40)
  //    = 99347.40; CIS FTA factor 0 -> 0.00; VAT 900000.00 x 16% = 144000.00
  // 3: cane sugar 1701 from UZ: excluded from the CIS FTA sample -> MFN USD 0.25/kg:
  //    2000 x 0.25 x 512.34 = 256170.00; VAT (800000.00 + 256170.00) x 16% = 168987.20
  // 4: handbags 4202 from VN with GSP form A (N864): MFN max(10% x 1200000 = 120000.00, 50 x 1.00 x 551.93
  //    = 27596.50) = 120000.00; GSP factor 0.75 -> 90000.00; VAT (1200000 + 90000) x 16% = 206400.00
  // Totals: duty 346170.00, VAT 759387.20, payable 1105557.20 KZT
  const items = [
    {
      hsCode: '6109100000',
      originCountry: 'KG',
      quantity: '500',
      netMassKg: '100.000',
      grossMassKg: '110.000',
      invoiceAmount: '1500000.00',
    },
    {
      hsCode: '6110301000',
      originCountry: 'UZ',
      quantity: '300',
      netMassKg: '90.000',
      grossMassKg: '100.000',
      invoiceAmount: '900000.00',
    },
    {
      hsCode: '1701999000',
      originCountry: 'UZ',
      quantity: '2000',
      unit: 'KGM',
      netMassKg: '2000.000',
      grossMassKg: '2040.000',
      invoiceAmount: '800000.00',
    },
    {
      hsCode: '4202210000',
      originCountry: 'VN',
      quantity: '100',
      netMassKg: '50.000',
      grossMassKg: '60.000',
      invoiceAmount: '1200000.00',
    },
  ];
  const docs = [
    { code: 'N380', reference: 'INV-T' },
    { code: 'CT1', reference: 'CT-1 UZ 2026 000123' },
    { code: 'N864', reference: 'FORM-A VN 2026 77' },
  ];
  const base = {
    invoiceCurrency: 'KZT',
    incoterm: 'DAP',
    valuation: { method: '1', relatedParties: false, currency: 'KZT' },
    documents: docs,
  };
  const r = assessDeclaration(decl(base, items), { acceptanceDate: '2026-11-27', book });

  test('EAEU origin is duty-free, CIS FTA with proof is duty-free, excluded goods pay MFN, GSP pays 75% of MFN', () => {
    expect(r.value.items.map((i) => [i.mfnDuty.amount, i.preference?.id ?? null, i.duty])).toEqual([
      ['150000.00', 'EAEU', '0.00'],
      ['99347.40', 'CIS-FTA', '0.00'],
      ['256170.00', null, '256170.00'],
      ['120000.00', 'EAEU-GSP', '90000.00'],
    ]);
  });

  test('totals equal the hand computation to the tiyn', () => {
    expect(r.value.items.map((i) => i.vat.amount)).toEqual([
      '240000.00',
      '144000.00',
      '168987.20',
      '206400.00',
    ]);
    expect(r.value.totals).toEqual({
      customsValue: '4400000.00',
      duty: '346170.00',
      excise: '0.00',
      vat: '759387.20',
      total: '1105557.20',
    });
  });

  test('without the proof-of-origin document the CIS FTA preference is refused and MFN applies, with the reason', () => {
    const noProof = assessDeclaration(
      decl({ ...base, documents: docs.filter((d) => d.code !== 'CT1') }, items),
      { acceptanceDate: '2026-11-27', book },
    );
    const item2 = noProof.value.items[1];
    // 99347.40 MFN duty; VAT (900000.00 + 99347.40) x 16% = 159895.584 -> 159895.58
    expect([item2.preference, item2.duty, item2.vat.amount]).toEqual([undefined, '99347.40', '159895.58']);
    expect(
      noProof.steps.some(
        (s) => s.scope === 'item 2' && s.rule === 'preference' && s.text.includes('CT1, not presented'),
      ),
    ).toBe(true);
  });
});
