import { parseNcts } from '../../apps/api/ncts/parse';
import { mapCC015C } from '../../domain/ncts/cc015c';
import { mapCC007C, mapCC044C, undeclaredItemsAsConsignment } from '../../domain/ncts/follow-ups';
import { decimalText } from '../../domain/ncts/reader';
import { pointerOf, refusalErrors } from '../../domain/ncts/refusal';
import { GrnSchema } from '../../domain/schemas/common';
import { readSample } from '../support/ncts-kit';

const map = (xml: string) => mapCC015C(parseNcts(xml));

test('a CC015C reads into the body of POST /v1/transits, each field remembering its element', () => {
  const m = map(readSample('IE015-gb-t1-simplified-01'));
  expect(m.errors).toEqual([]);
  expect(m.body).toMatchObject({
    declarationType: 'T1',
    additionalType: 'B', // A with authorisation C521: Clearway's simplified type
    holder: { tin: 'GB953574106000', eori: 'GB953574106000', name: 'GB953574106000', country: 'GB' },
    officeOfDeparture: 'GB000246',
    officesOfTransit: ['XI000142'],
    officeOfDestination: 'XI000142',
    countriesOfRouting: ['GB', 'XI'],
    transport: {
      mode: 'ROAD',
      vehicleRegistration: 'NC15REG',
      nationality: 'GB',
      containers: ['WGPCGR'],
      seals: ['1234'],
    },
    guarantee: {
      type: '1',
      grn: '23GB0000010000058',
      accessCode: 'AC01',
      amountToBeCovered: { amount: '1000.00', currency: 'GBP' },
    },
    consignment: {
      grossMassKg: '1000',
      items: [
        {
          seq: 1,
          hsCode: '392690',
          description: 'Plastic toys',
          packages: { kind: 'BX', count: 1, marks: 'GB box to be shipped' },
          grossMassKg: '1000',
          netMassKg: '950',
        },
      ],
    },
  });
  expect(m.pointers.get('guarantee.accessCode')).toBe('/ncts:CC015C/Guarantee/GuaranteeReference/accessCode');
  expect(m.pointers.get('consignment.items[0].hsCode')).toBe(
    '/ncts:CC015C/Consignment/HouseConsignment/ConsignmentItem/Commodity/CommodityCode/harmonizedSystemSubHeadingCode',
  );
});

test('a code Clearway does not support is refused with code 12 and its code list, never dropped', () => {
  const xml = readSample('IE015-gb-t1-simplified-01')
    .replace('<guaranteeType>1</guaranteeType>', '<guaranteeType>5</guaranteeType>')
    .replace('<declarationType>T1</declarationType>', '<declarationType>T2SM</declarationType>');
  expect(map(xml).errors).toEqual([
    expect.objectContaining({
      code: '12',
      reason: 'CL231',
      pointer: '/ncts:CC015C/TransitOperation/declarationType',
      value: 'T2SM',
    }),
    expect.objectContaining({
      code: '12',
      reason: 'CL251',
      pointer: '/ncts:CC015C/Guarantee/guaranteeType',
      value: '5',
    }),
  ]);
});

test('documents are kept with their codes; an unknown document type is refused at its element', () => {
  const m = map(readSample('IE015-gb-t1-neg-transition-e1301-docs-all-levels-01'));
  expect(m.errors).toEqual([]);
  expect((m.body.documents as unknown[]).length).toBeGreaterThan(3);
  const bad = map(
    readSample('IE015-gb-t1-neg-transition-e1301-docs-all-levels-01').replace(
      /<type>N380<\/type>/,
      '<type>Z999</type>',
    ),
  );
  expect(bad.errors).toEqual([
    expect.objectContaining({
      code: '12',
      reason: 'CL213',
      pointer: expect.stringMatching(/SupportingDocument(\[\d\])?\/type$/),
    }),
  ]);
});

test('several guarantees are refused (Clearway secures a movement by one), each naming the element', () => {
  const m = map(readSample('IE015-gb-t1-prelodged-three-guarantees-01'));
  expect(m.errors.filter((e) => e.reason === 'CW-G1').map((e) => e.pointer)).toEqual([
    '/ncts:CC015C/Guarantee[2]',
    '/ncts:CC015C/Guarantee[3]',
  ]);
});

test('a JSON refusal names the element its field came from, else the nearest mapped ancestor', () => {
  const pointers = new Map([
    ['guarantee', '/ncts:CC015C/Guarantee'],
    ['consignment.items[0]', '/ncts:CC015C/Consignment/HouseConsignment/ConsignmentItem'],
  ]);
  expect(pointerOf('guarantee.grn', pointers, '/ncts:CC015C')).toBe('/ncts:CC015C/Guarantee');
  expect(pointerOf('consignment.items[0].packages.kind', pointers, '/ncts:CC015C')).toBe(
    '/ncts:CC015C/Consignment/HouseConsignment/ConsignmentItem',
  );
  expect(pointerOf('lrn', pointers, '/ncts:CC015C')).toBe('/ncts:CC015C');
  expect(
    refusalErrors(
      [{ path: 'guarantee.grn', message: 'guarantee type B needs a GRN', code: 'required' }],
      pointers,
      '/x',
    ),
  ).toEqual([
    {
      code: '13',
      reason: 'CW-REQ',
      pointer: '/ncts:CC015C/Guarantee',
      message: 'guarantee.grn: guarantee type B needs a GRN',
    },
  ]);
});

test('decimals are compared as values: 1000, 1000.00 and 1000.000000 read the same', () => {
  expect(['1000', '1000.00', '1000.000000'].map((v) => decimalText(v))).toEqual(['1000', '1000', '1000']);
  expect(decimalText('10000.000000000000', 2)).toBe('10000.00');
  expect(decimalText('0.125', 2)).toBe('0.125');
});

test('an IE007 with an incident is refused; an IE044 reads as conform or as discrepancies per item', () => {
  expect(mapCC007C(parseNcts(readSample('IE007-gb-normal-incident-01'))).errors).toEqual([
    expect.objectContaining({
      code: '14',
      reason: 'CW-INC',
      pointer: '/ncts:CC007C/TransitOperation/incidentFlag',
    }),
  ]);
  expect(mapCC044C(parseNcts(readSample('IE044-gb-conform-01'))).body).toEqual({
    office: 'GB000246',
    conform: true,
  });
  const nonConform = mapCC044C(parseNcts(readSample('IE044-gb-nonconform-item-discrepancies-01'))).body;
  expect(nonConform).toMatchObject({
    conform: false,
    discrepancies: expect.arrayContaining([expect.objectContaining({ itemSeq: 2 })]),
  });
});

test('GRNs in the NCTS formats (17 and 24 characters) are accepted beside the national 18-character one', () => {
  for (const grn of ['24GB0000010000031', '26KZ0000000000017A123456', '26KZ00000000000017'])
    expect(GrnSchema.safeParse(grn).success).toBe(true);
  expect(GrnSchema.safeParse('26KZ0000000').success).toBe(false);
});

test('goods an IE044 reports that the movement does not have become a discrepancy of the consignment', () => {
  const body = {
    office: 'KGBIS001',
    conform: false,
    discrepancies: [
      { itemSeq: 1, description: 'gross mass found 900 kg' },
      { itemSeq: 5, description: 'description: Shoes' },
    ],
  };
  expect(undeclaredItemsAsConsignment(body, new Set([1, 2, 3, 4])).discrepancies).toEqual([
    { itemSeq: 1, description: 'gross mass found 900 kg' },
    { description: 'goods item 5, not on the movement: description: Shoes' },
  ]);
});
