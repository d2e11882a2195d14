import { DeclarationSchema } from '../../../domain/schemas';
import { formatPath, formatZodIssues, validateDeclaration } from '../../../domain/validation';
import { example, refs } from '../support/fixtures';

describe('a broken declaration names each bad field by path and stable code', () => {
  const decl = () => example('declaration-import');
  const check = (mutate: (d: any) => void) => {
    const d = decl();
    mutate(d);
    const r = validateDeclaration(d, refs());
    return r.ok ? [] : r.issues;
  };

  test('an unknown 10-digit national line (subheading 847199 does not exist) -> items[0].hsCode unknown_hs_code', () => {
    expect(check((d) => (d.items[0].hsCode = '8471990000'))).toEqual([
      expect.objectContaining({ path: 'items[0].hsCode', code: 'unknown_hs_code' }),
    ]);
  });

  test('an HS code with a letter -> items[1].hsCode invalid_hs_code', () => {
    expect(check((d) => (d.items[1].hsCode = '85044O3000'))).toEqual([
      expect.objectContaining({ path: 'items[1].hsCode', code: 'invalid_hs_code' }),
    ]);
  });

  test('an 11-digit HS code -> items[1].hsCode invalid_hs_code', () => {
    expect(check((d) => (d.items[1].hsCode = '85044030001'))).toEqual([
      expect.objectContaining({ path: 'items[1].hsCode', code: 'invalid_hs_code' }),
    ]);
  });

  test('chapter 77 is reserved -> items[0].hsCode reserved_hs_chapter', () => {
    expect(check((d) => (d.items[0].hsCode = '7701000000'))).toEqual([
      expect.objectContaining({ path: 'items[0].hsCode', code: 'reserved_hs_chapter' }),
    ]);
  });

  test('chapters 98/99 and 00 are outside 01-97 -> invalid_hs_chapter', () => {
    expect(check((d) => (d.items[0].hsCode = '999999'))).toEqual([
      expect.objectContaining({ path: 'items[0].hsCode', code: 'invalid_hs_chapter' }),
    ]);
    expect(check((d) => (d.items[0].hsCode = '000000'))).toEqual([
      expect.objectContaining({ path: 'items[0].hsCode', code: 'invalid_hs_chapter' }),
    ]);
  });

  test('an unknown office -> officeOfDeclaration unknown_office', () => {
    expect(check((d) => (d.officeOfDeclaration = 'KZXXX999'))).toEqual([
      expect.objectContaining({ path: 'officeOfDeclaration', code: 'unknown_office' }),
    ]);
  });

  test('an office without the declaration role -> officeOfDeclaration office_role_mismatch', () => {
    expect(check((d) => (d.officeOfDeclaration = 'KZDOS001'))).toEqual([
      expect.objectContaining({ path: 'officeOfDeclaration', code: 'office_role_mismatch' }),
    ]);
  });

  test('a bad invoice currency -> invoice.currency invalid_currency', () => {
    expect(check((d) => (d.invoice.currency = 'USX'))).toEqual([
      expect.objectContaining({ path: 'invoice.currency', code: 'invalid_currency' }),
    ]);
  });

  test('a bad valuation currency -> valuation.currency invalid_currency', () => {
    expect(check((d) => (d.valuation.currency = 'usd'))).toEqual([
      expect.objectContaining({ path: 'valuation.currency', code: 'invalid_currency' }),
    ]);
  });

  test('a negative item amount -> items[1].invoiceAmount negative_amount', () => {
    const issues = check((d) => (d.items[1].invoiceAmount = '-3400.00'));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'items[1].invoiceAmount', code: 'negative_amount' }),
    ]);
  });

  test('a negative freight -> valuation.freight negative_amount', () => {
    expect(check((d) => (d.valuation.freight = '-1.00'))).toEqual([
      expect.objectContaining({ path: 'valuation.freight', code: 'negative_amount' }),
    ]);
  });

  test('a numeric amount instead of a decimal string -> invalid_type', () => {
    expect(check((d) => (d.invoice.amount = 25400))).toEqual([
      expect.objectContaining({ path: 'invoice.amount', code: 'invalid_type' }),
    ]);
  });

  test('a malformed amount -> invalid_amount, without tripping the cross-field rules', () => {
    expect(check((d) => (d.items[0].invoiceAmount = '22,000.00'))).toEqual([
      expect.objectContaining({ path: 'items[0].invoiceAmount', code: 'invalid_amount' }),
    ]);
  });

  test('required vs invalid_type is told apart even without the input (from the issue message)', () => {
    const d = example('declaration-import');
    delete d.lrn;
    d.invoice.amount = 1;
    const r = DeclarationSchema.safeParse(d);
    const issues = r.success ? [] : formatZodIssues(r.error);
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual(['lrn:required', 'invoice.amount:invalid_type']);
  });

  test('missing items -> items required', () => {
    expect(check((d) => delete d.items)).toEqual([
      expect.objectContaining({ path: 'items', code: 'required' }),
    ]);
  });

  test('an empty items list -> items required', () => {
    expect(check((d) => (d.items = []))).toEqual([
      expect.objectContaining({ path: 'items', code: 'required' }),
    ]);
  });

  test('a bad origin country -> items[0].originCountry invalid_country', () => {
    expect(check((d) => (d.items[0].originCountry = 'XX'))).toEqual([
      expect.objectContaining({ path: 'items[0].originCountry', code: 'invalid_country' }),
    ]);
  });

  test('a missing declarant name -> declarant.name required', () => {
    expect(check((d) => delete d.declarant.name)).toEqual([
      expect.objectContaining({ path: 'declarant.name', code: 'required' }),
    ]);
  });

  test('several faults are all reported, each with its own path', () => {
    const issues = check((d) => {
      d.items[0].hsCode = '84713000001';
      d.items[1].originCountry = 'ZZ';
      d.invoice.currency = 'ABC';
    });
    expect(issues.map((i) => `${i.path}:${i.code}`).sort()).toEqual([
      'invoice.currency:invalid_currency',
      'items[0].hsCode:invalid_hs_code',
      'items[1].originCountry:invalid_country',
    ]);
  });

  test('item invoice amounts that do not add up to the invoice -> invoice.amount invoice_total_mismatch', () => {
    expect(check((d) => (d.items[1].invoiceAmount = '3400.01'))).toEqual([
      expect.objectContaining({ path: 'invoice.amount', code: 'invoice_total_mismatch' }),
    ]);
  });

  test('duplicate item sequence numbers -> items[1].seq duplicate_seq', () => {
    expect(check((d) => (d.items[1].seq = 1))).toEqual([
      expect.objectContaining({ path: 'items[1].seq', code: 'duplicate_seq' }),
    ]);
  });

  test('net mass above gross mass -> items[0].netMassKg net_exceeds_gross', () => {
    expect(check((d) => (d.items[0].netMassKg = '600.000'))).toEqual([
      expect.objectContaining({ path: 'items[0].netMassKg', code: 'net_exceeds_gross' }),
    ]);
  });

  test('valuation methods 2-6 need a reason and a declared customs value', () => {
    const issues = check((d) => (d.valuation.method = '2'));
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'valuation.methodReason:required',
      'valuation.declaredCustomsValue:required',
    ]);
    expect(
      check((d) => {
        d.valuation.method = '6';
        d.valuation.methodReason =
          'no sale: goods on consignment; no identical, similar, deductive or computed data';
        d.valuation.declaredCustomsValue = '24000.00';
      }),
    ).toEqual([]);
  });

  test('an unknown Incoterm -> incoterm invalid_value', () => {
    expect(check((d) => (d.incoterm = 'XYZ'))).toEqual([
      expect.objectContaining({ path: 'incoterm', code: 'invalid_value' }),
    ]);
  });

  test('a malformed arrival time -> arrivedAt invalid_date', () => {
    expect(check((d) => (d.arrivedAt = '27/11/2026'))).toEqual([
      expect.objectContaining({ path: 'arrivedAt', code: 'invalid_date' }),
    ]);
  });
});

test('formatPath renders array indexes in brackets and keys with dots', () => {
  expect(formatPath(['items', 1, 'hsCode'])).toBe('items[1].hsCode');
  expect(formatPath(['consignment', 'items', 0, 'packages', 'count'])).toBe(
    'consignment.items[0].packages.count',
  );
  expect(formatPath([])).toBe('');
});
