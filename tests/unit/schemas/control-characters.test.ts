import { ExchangeMessageBody } from '../../../apps/api/exchange/dto';
import { IncidentBody } from '../../../apps/api/transits/dto';
import { SignalBodySchema } from '../../../apps/api/cases/cases.controller';
import { SubscriptionBody } from '../../../apps/api/declarations/webhooks.controller';
import { ReasonBody } from '../../../apps/api/declarations/declarations.controller';
import { DeclarationSchema, GuaranteeRegistrationSchema, Text } from '../../../domain/schemas';
import { IntelligenceHitSchema, PaymentSchema } from '../../../domain/schemas/declaration-commands';
import { demoRiskProfiles } from '../../../activities/risk/profiles';
import { RiskProfileSchema } from '../../../domain/risk';
import { example } from '../support/fixtures';
import { issuesOf } from './support';

const control = (path: string) => expect.objectContaining({ path, code: 'control_character' });

describe('control characters are refused in every text, naming the field', () => {
  test('a NUL in an item description and a bell in the declarant name: both fields named', () => {
    const d = example('declaration-import');
    d.items[0].description = 'laptop\u0000computers';
    d.declarant.name = 'Silk\u0007Road';
    expect(issuesOf(DeclarationSchema, d)).toEqual(
      expect.arrayContaining([control('items[0].description'), control('declarant.name')]),
    );
  });

  test('single-line texts refuse tab and newline; multi-line ones allow them and refuse the rest', () => {
    expect(issuesOf(Text(50), 'a\tb')).toEqual([control('')]);
    expect(issuesOf(Text(50), 'a\nb')).toEqual([control('')]);
    expect(Text(50, { lines: true }).parse('line one\r\n\tline two')).toBe('line one\r\n\tline two');
    expect(issuesOf(Text(50, { lines: true }), 'a\u000bb')).toEqual([control('')]);
    expect(issuesOf(Text(50, { lines: true }), 'DEL \u007f and C1 \u0085')).toEqual([control('')]);
  });

  test('the refusal says which character and where', () => {
    expect(issuesOf(Text(50), 'abc\u0000')[0].message).toBe(
      'must not contain control characters: U+0000 at position 4',
    );
  });

  test('a lone surrogate is refused; a pair (an emoji) is text', () => {
    expect(issuesOf(Text(50), 'x\ud800y')).toEqual([
      expect.objectContaining({ path: '', code: 'invalid_text' }),
    ]);
    expect(Text(50).parse('ok \ud83d\udce6')).toBe('ok \ud83d\udce6');
  });

  test('the command bodies inherit it: intelligence hit, payment, signal, invalidation, incident, exchange', () => {
    expect(issuesOf(IntelligenceHitSchema, { alertId: 'A1', reason: 'x\u0000', source: 's' })).toEqual([
      control('reason'),
    ]);
    expect(
      issuesOf(PaymentSchema, { reference: 'R\u0000', amount: '1.00', currency: 'KZT', actor: 'a' }),
    ).toEqual([control('reference')]);
    expect(issuesOf(SignalBodySchema, { reason: 'stuck\u0000case' })).toEqual([control('reason')]);
    expect(issuesOf(ReasonBody, { reason: 'no\u001b[31m' })).toEqual([control('reason')]);
    const incident = { type: 'DELAY', description: 'flat\u0000tyre', country: 'KZ' };
    expect(issuesOf(IncidentBody, incident)).toEqual([control('description')]);
    const message = { messageId: 'M-1', mrn: '22ITZXBZYUTJFLJXK6', type: 'IE182', body: incident };
    expect(issuesOf(ExchangeMessageBody, message)).toEqual([control('body.description')]);
    const g = example('guarantee');
    g.holder.address = { street: 'Abay\u0000 1' };
    expect(issuesOf(GuaranteeRegistrationSchema, g)).toEqual([control('holder.address.street')]);
    expect(
      issuesOf(SubscriptionBody, { url: 'https://hooks.example.com/x', secret: '0123456789abcdef\u0000' }),
    ).toEqual([control('secret')]);
  });
});

test('risk profile texts refuse them too: profile and rule ids, descriptions, reasons, rule values and patterns', () => {
  const profile = structuredClone(demoRiskProfiles()[0]);
  expect(issuesOf(RiskProfileSchema, profile)).toEqual([]);
  profile.description = 'KZ profile\u0000';
  profile.rules[0] = { ...profile.rules[0], reason: 'selected\u0007', description: 'two lines\nare fine' };
  profile.rules.push({
    id: 'tin\u0000',
    when: {
      op: 'all',
      of: [
        { op: 'equals', field: 'declarantTin', value: 'KZ1\u0000' },
        { op: 'in', field: 'declarantTin', values: ['KZ2', 'KZ3\u001b'] },
        { op: 'pattern', field: 'description', regex: '^ACME\u0000' },
      ],
    },
    weight: 10,
    reason: 'bad texts',
  });
  const last = `rules[${profile.rules.length - 1}]`;
  expect(issuesOf(RiskProfileSchema, profile)).toEqual(
    expect.arrayContaining([
      control('description'),
      control('rules[0].reason'),
      control(`${last}.id`),
      control(`${last}.when.of[0].value`),
      control(`${last}.when.of[1].values[1]`),
      control(`${last}.when.of[2].regex`),
    ]),
  );
  expect(issuesOf(RiskProfileSchema, profile)).toHaveLength(6);
});

test('texts are stored in NFC: a decomposed é becomes the composed one', () => {
  const d = example('declaration-import');
  d.items[0].description = 'cafe\u0301 machines';
  expect(DeclarationSchema.parse(d).items[0].description).toBe('caf\u00e9 machines');
});
