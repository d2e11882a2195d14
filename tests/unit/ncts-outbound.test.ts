import { nctsXsdDir } from '../../config/paths';
import { NctsSchemas } from '../../apps/api/ncts/xsd';
import type { TransitView } from '../../contracts';
import { rejection } from '../../domain/ncts/envelope';
import { messagesOf } from '../../domain/ncts/outbound';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { example } from '../support/examples';

const schemas = new NctsSchemas(nctsXsdDir());
afterAll(() => schemas.close());

const declaration = TransitDeclarationSchema.parse({
  ...example('transit.json'),
  guarantee: { ...example('transit.json').guarantee, grn: '26KZ0000000000017' },
});
const at = (m: number) => `2026-12-02T10:${String(m).padStart(2, '0')}:00.000Z`;
const state = (seq: number, s: string) => ({ seq, at: at(seq), type: 'state', state: s, actor: 'system' });

/** A movement that went every way the outbound messages cover: amended, released, arrived, recovered, invalidated. */
const view = {
  mrn: '26CNA6LDI3FBQKT8J7',
  lrn: declaration.lrn,
  holder: 'CN91650100MA7XYZ12',
  office: 'CNURU001',
  country: 'CN',
  itinerary: [{ office: 'CNURU001' }, { office: 'KZKHO001' }, { office: 'KGBIS001' }],
  seals: ['CNS000101'],
  guarantee: { type: '1', status: 'REFUSED', refusal: 'guarantee 26KZ0000000000017 is not valid in CN' },
  arrival: { office: 'KGBIS001', at: at(6), by: 'officer' },
  closure: 'ARRIVAL',
  recovery: { amount: '1234.50', currency: 'USD' },
  invalidation: { requestedAt: at(10), by: 'clearance-system', justification: 'Container broken' },
  timeline: [
    state(1, 'LODGED'),
    state(2, 'ACCEPTED'),
    { seq: 3, at: at(3), type: 'amended', actor: 'clearance-system' },
    state(4, 'RELEASED_FOR_TRANSIT'),
    state(5, 'UNDER_CONTROL'),
    state(6, 'ARRIVED'),
    state(7, 'RECOVERY'),
    state(8, 'WRITTEN_OFF'),
    state(9, 'NOT_RELEASED'),
    state(10, 'INVALIDATED'),
  ],
} as unknown as TransitView;

test('every outbound message type is valid against the phase 5 XSD set', async () => {
  const messages = messagesOf({ view, declaration });
  expect(messages.map((m) => m.type)).toEqual([
    'IE928',
    'IE028',
    'IE004',
    'IE029',
    'IE060',
    'IE043',
    'IE035',
    'IE025',
    'IE045',
    'IE051',
    'IE009',
  ]);
  const rejections = (['departure', 'destination'] as const).map((side) =>
    rejection({
      side,
      rejected: side === 'departure' ? '015' : '007',
      mrn: view.mrn,
      office: 'KGBIS001',
      partyId: 'KZ953574106000',
      at: at(10),
      recipient: 'trader',
      errors: [
        {
          code: '12',
          pointer: '/ncts:CC015C/Guarantee/guaranteeType',
          reason: 'CL251',
          message: 'not supported',
          value: '5',
        },
      ],
    }),
  );
  for (const m of [...messages, ...rejections])
    expect({ type: m.type, issues: (await schemas.validate(m.xml)).issues }).toEqual({
      type: m.type,
      issues: [],
    });
});

test('message identifications are deterministic: the same movement lists the same ids', () => {
  expect(messagesOf({ view, declaration }).map((m) => m.messageId)).toEqual(
    messagesOf({ view, declaration }).map((m) => m.messageId),
  );
  expect(messagesOf({ view, declaration })[2].messageId).toBe('26CNA6LDI3FBQKT8J7-IE004-3');
});

test('without the lodged declaration there is no IE029 (it carries the goods), the rest stays', () => {
  expect(messagesOf({ view }).map((m) => m.type)).not.toContain('IE029');
});
