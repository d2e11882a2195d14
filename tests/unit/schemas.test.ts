import { z } from 'zod';
import {
  AmendmentSchema,
  applyAmendment,
  ControlResultSchema,
  DeclarationSchema,
  GuaranteeRegistrationSchema,
} from '../../domain/schemas';
import { formatPath, formatZodIssues, validateDeclaration, validateTransit, type FieldIssue } from '../../domain/validation';
import { OfficeSchema } from '../../domain/offices';
import { example, refs } from './support/fixtures';

function issuesOf(schema: z.ZodType, input: unknown): FieldIssue[] {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return formatZodIssues(r.error, input);
}

describe('shared examples validate as they are', () => {
  test('declaration-import.json passes the schema and the reference checks', () => {
    const r = validateDeclaration(example('declaration-import'), refs());
    expect(r).toMatchObject({ ok: true });
    if (r.ok) {
      expect(r.value.items).toHaveLength(2);
      expect(r.value.items[1].hsCode).toBe('8504403000');
    }
  });

  test('transit.json passes the schema and the reference checks (office roles included)', () => {
    expect(validateTransit(example('transit'), refs())).toMatchObject({ ok: true });
  });

  test('guarantee.json passes the guarantee registration schema', () => {
    expect(issuesOf(GuaranteeRegistrationSchema, example('guarantee'))).toEqual([]);
  });

  test('offices.json: every office parses and is in the demo office directory with the same roles', () => {
    const offices = OfficeSchema.array().parse(example('offices'));
    const dir = refs().offices;
    for (const o of offices) expect(dir.get(o.code)).toEqual(o);
  });
});

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
    expect(check((d) => (d.items[1].hsCode = '85044O3000'))).toEqual([expect.objectContaining({ path: 'items[1].hsCode', code: 'invalid_hs_code' })]);
  });

  test('an 11-digit HS code -> items[1].hsCode invalid_hs_code', () => {
    expect(check((d) => (d.items[1].hsCode = '85044030001'))).toEqual([expect.objectContaining({ path: 'items[1].hsCode', code: 'invalid_hs_code' })]);
  });

  test('chapter 77 is reserved -> items[0].hsCode reserved_hs_chapter', () => {
    expect(check((d) => (d.items[0].hsCode = '7701000000'))).toEqual([expect.objectContaining({ path: 'items[0].hsCode', code: 'reserved_hs_chapter' })]);
  });

  test('chapters 98/99 and 00 are outside 01-97 -> invalid_hs_chapter', () => {
    expect(check((d) => (d.items[0].hsCode = '999999'))).toEqual([expect.objectContaining({ path: 'items[0].hsCode', code: 'invalid_hs_chapter' })]);
    expect(check((d) => (d.items[0].hsCode = '000000'))).toEqual([expect.objectContaining({ path: 'items[0].hsCode', code: 'invalid_hs_chapter' })]);
  });

  test('an unknown office -> officeOfDeclaration unknown_office', () => {
    expect(check((d) => (d.officeOfDeclaration = 'KZXXX999'))).toEqual([expect.objectContaining({ path: 'officeOfDeclaration', code: 'unknown_office' })]);
  });

  test('an office without the declaration role -> officeOfDeclaration office_role_mismatch', () => {
    expect(check((d) => (d.officeOfDeclaration = 'KZDOS001'))).toEqual([expect.objectContaining({ path: 'officeOfDeclaration', code: 'office_role_mismatch' })]);
  });

  test('a bad invoice currency -> invoice.currency invalid_currency', () => {
    expect(check((d) => (d.invoice.currency = 'USX'))).toEqual([expect.objectContaining({ path: 'invoice.currency', code: 'invalid_currency' })]);
  });

  test('a bad valuation currency -> valuation.currency invalid_currency', () => {
    expect(check((d) => (d.valuation.currency = 'usd'))).toEqual([expect.objectContaining({ path: 'valuation.currency', code: 'invalid_currency' })]);
  });

  test('a negative item amount -> items[1].invoiceAmount negative_amount', () => {
    const issues = check((d) => (d.items[1].invoiceAmount = '-3400.00'));
    expect(issues).toEqual([expect.objectContaining({ path: 'items[1].invoiceAmount', code: 'negative_amount' })]);
  });

  test('a negative freight -> valuation.freight negative_amount', () => {
    expect(check((d) => (d.valuation.freight = '-1.00'))).toEqual([expect.objectContaining({ path: 'valuation.freight', code: 'negative_amount' })]);
  });

  test('a numeric amount instead of a decimal string -> invalid_type', () => {
    expect(check((d) => (d.invoice.amount = 25400))).toEqual([expect.objectContaining({ path: 'invoice.amount', code: 'invalid_type' })]);
  });

  test('a malformed amount -> invalid_amount, without tripping the cross-field rules', () => {
    expect(check((d) => (d.items[0].invoiceAmount = '22,000.00'))).toEqual([expect.objectContaining({ path: 'items[0].invoiceAmount', code: 'invalid_amount' })]);
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
    expect(check((d) => delete d.items)).toEqual([expect.objectContaining({ path: 'items', code: 'required' })]);
  });

  test('an empty items list -> items required', () => {
    expect(check((d) => (d.items = []))).toEqual([expect.objectContaining({ path: 'items', code: 'required' })]);
  });

  test('a bad origin country -> items[0].originCountry invalid_country', () => {
    expect(check((d) => (d.items[0].originCountry = 'XX'))).toEqual([expect.objectContaining({ path: 'items[0].originCountry', code: 'invalid_country' })]);
  });

  test('a missing declarant name -> declarant.name required', () => {
    expect(check((d) => delete d.declarant.name)).toEqual([expect.objectContaining({ path: 'declarant.name', code: 'required' })]);
  });

  test('several faults are all reported, each with its own path', () => {
    const issues = check((d) => {
      d.items[0].hsCode = '84713000001';
      d.items[1].originCountry = 'ZZ';
      d.invoice.currency = 'ABC';
    });
    expect(issues.map((i) => `${i.path}:${i.code}`).sort()).toEqual(['invoice.currency:invalid_currency', 'items[0].hsCode:invalid_hs_code', 'items[1].originCountry:invalid_country']);
  });

  test('item invoice amounts that do not add up to the invoice -> invoice.amount invoice_total_mismatch', () => {
    expect(check((d) => (d.items[1].invoiceAmount = '3400.01'))).toEqual([expect.objectContaining({ path: 'invoice.amount', code: 'invoice_total_mismatch' })]);
  });

  test('duplicate item sequence numbers -> items[1].seq duplicate_seq', () => {
    expect(check((d) => (d.items[1].seq = 1))).toEqual([expect.objectContaining({ path: 'items[1].seq', code: 'duplicate_seq' })]);
  });

  test('net mass above gross mass -> items[0].netMassKg net_exceeds_gross', () => {
    expect(check((d) => (d.items[0].netMassKg = '600.000'))).toEqual([expect.objectContaining({ path: 'items[0].netMassKg', code: 'net_exceeds_gross' })]);
  });

  test('valuation methods 2-6 need a reason and a declared customs value', () => {
    const issues = check((d) => (d.valuation.method = '2'));
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual(['valuation.methodReason:required', 'valuation.declaredCustomsValue:required']);
    expect(
      check((d) => {
        d.valuation.method = '6';
        d.valuation.methodReason = 'no sale: goods on consignment; no identical, similar, deductive or computed data';
        d.valuation.declaredCustomsValue = '24000.00';
      }),
    ).toEqual([]);
  });

  test('an unknown Incoterm -> incoterm invalid_value', () => {
    expect(check((d) => (d.incoterm = 'XYZ'))).toEqual([expect.objectContaining({ path: 'incoterm', code: 'invalid_value' })]);
  });

  test('a malformed arrival time -> arrivedAt invalid_date', () => {
    expect(check((d) => (d.arrivedAt = '27/11/2026'))).toEqual([expect.objectContaining({ path: 'arrivedAt', code: 'invalid_date' })]);
  });
});

describe('a broken transit declaration names each bad field', () => {
  const check = (mutate: (t: any) => void) => {
    const t = example('transit');
    mutate(t);
    const r = validateTransit(t, refs());
    return r.ok ? [] : r.issues;
  };

  test('an unknown office of transit -> officesOfTransit[1] unknown_office', () => {
    expect(check((t) => (t.officesOfTransit[1] = 'KGZZZ001'))).toEqual([expect.objectContaining({ path: 'officesOfTransit[1]', code: 'unknown_office' })]);
  });

  test('an office of departure without the departure role -> office_role_mismatch', () => {
    // KZDOS001 (Dostyk) is a transit and destination office only.
    const issues = check((t) => {
      t.officeOfDeparture = 'KZDOS001';
      t.countriesOfRouting = ['KZ', 'KG'];
    });
    expect(issues).toEqual([expect.objectContaining({ path: 'officeOfDeparture', code: 'office_role_mismatch' })]);
  });

  test('chapter 77 in a transit item -> consignment.items[0].hsCode reserved_hs_chapter', () => {
    expect(check((t) => (t.consignment.items[0].hsCode = '770100'))).toEqual([expect.objectContaining({ path: 'consignment.items[0].hsCode', code: 'reserved_hs_chapter' })]);
  });

  test('an unknown HS subheading in a transit item -> unknown_hs_code', () => {
    expect(check((t) => (t.consignment.items[1].hsCode = '611099'))).toEqual([expect.objectContaining({ path: 'consignment.items[1].hsCode', code: 'unknown_hs_code' })]);
  });

  test('a bad guarantee currency -> guarantee.amountToBeCovered.currency invalid_currency', () => {
    expect(check((t) => (t.guarantee.amountToBeCovered.currency = 'US$'))).toEqual([
      expect.objectContaining({ path: 'guarantee.amountToBeCovered.currency', code: 'invalid_currency' }),
    ]);
  });

  test('missing consignment items -> consignment.items required', () => {
    expect(check((t) => delete t.consignment.items)).toEqual([expect.objectContaining({ path: 'consignment.items', code: 'required' })]);
  });

  test('items heavier than the consignment -> consignment.grossMassKg mass_mismatch', () => {
    expect(check((t) => (t.consignment.grossMassKg = '11999.000'))).toEqual([expect.objectContaining({ path: 'consignment.grossMassKg', code: 'mass_mismatch' })]);
  });

  test('routing must start in the departure country and end in the destination country', () => {
    expect(check((t) => (t.countriesOfRouting = ['KZ', 'KG']))).toEqual([expect.objectContaining({ path: 'countriesOfRouting[0]', code: 'routing_mismatch' })]);
  });

  test('a negative amount to be covered -> negative_amount', () => {
    expect(check((t) => (t.guarantee.amountToBeCovered.amount = '-1'))).toEqual([expect.objectContaining({ path: 'guarantee.amountToBeCovered.amount', code: 'negative_amount' })]);
  });
});

describe('guarantee registration rules', () => {
  test('validity must not end before it starts -> validUntil invalid_period', () => {
    const g = example('guarantee');
    g.validUntil = '2026-10-31';
    expect(issuesOf(GuaranteeRegistrationSchema, g)).toEqual([expect.objectContaining({ path: 'validUntil', code: 'invalid_period' })]);
  });

  test('a bad country of validity -> countriesOfValidity[2] invalid_country', () => {
    const g = example('guarantee');
    g.countriesOfValidity[2] = 'QQ';
    expect(issuesOf(GuaranteeRegistrationSchema, g)).toEqual([expect.objectContaining({ path: 'countriesOfValidity[2]', code: 'invalid_country' })]);
  });
});

describe('control results and amendments', () => {
  const control = {
    office: 'KZKHO001',
    officerId: 'KZ-OFF-0042',
    controlType: 'PHYSICAL',
    outcome: 'CONFORM',
    completedAt: '2026-11-27T10:15:00Z',
  };

  test('a conform control result needs no findings', () => {
    expect(ControlResultSchema.parse(control)).toMatchObject({ outcome: 'CONFORM', findings: [] });
  });

  test('a non-conform control result must state at least one finding', () => {
    expect(issuesOf(ControlResultSchema, { ...control, outcome: 'NON_CONFORM' })).toEqual([expect.objectContaining({ path: 'findings', code: 'required' })]);
    expect(
      issuesOf(ControlResultSchema, { ...control, outcome: 'NON_CONFORM', findings: [{ itemSeq: 2, field: 'items[1].hsCode', declared: '8504403000', found: '8504409000' }] }),
    ).toEqual([]);
  });

  test('an amendment replaces the sections it carries and the result is validated again', () => {
    const decl = DeclarationSchema.parse(example('declaration-import'));
    const amendment = AmendmentSchema.parse({ reason: 'freight invoice corrected', changes: { valuation: { ...decl.valuation, freight: '1300.00' } } });
    const r = applyAmendment(decl, amendment);
    expect(r.success && r.data.valuation.freight).toBe('1300.00');
    expect(r.success && r.data.lrn).toBe(decl.lrn);
  });

  test('an amendment cannot change the LRN and must change something', () => {
    const p = AmendmentSchema.safeParse({ reason: 'x', changes: {} });
    expect(p.success ? [] : formatZodIssues(p.error)).toEqual([expect.objectContaining({ path: 'changes', code: 'required' })]);
    const q = AmendmentSchema.parse({ reason: 'x', changes: { lrn: 'OTHER', incoterm: 'CIF' } });
    expect('lrn' in q.changes).toBe(false);
  });

  test('an amendment that breaks the declaration is refused with field paths', () => {
    const decl = DeclarationSchema.parse(example('declaration-import'));
    const amendment = AmendmentSchema.parse({ reason: 'drop items', changes: { incoterm: 'CIF' } });
    expect(applyAmendment(decl, amendment).success).toBe(true);
    const bad = applyAmendment(decl, { reason: 'bad', changes: { items: [] } } as never);
    expect(bad.success ? [] : formatZodIssues(bad.error)).toEqual([expect.objectContaining({ path: 'items', code: 'required' })]);
  });
});

test('formatPath renders array indexes in brackets and keys with dots', () => {
  expect(formatPath(['items', 1, 'hsCode'])).toBe('items[1].hsCode');
  expect(formatPath(['consignment', 'items', 0, 'packages', 'count'])).toBe('consignment.items[0].packages.count');
  expect(formatPath([])).toBe('');
});
