import { GuaranteeRegistrationSchema } from '../../../domain/schemas';
import { example } from '../support/fixtures';
import { issuesOf } from './support';

describe('guarantee registration rules', () => {
  test('validity must not end before it starts -> validUntil invalid_period', () => {
    const g = example('guarantee');
    g.validUntil = '2026-10-31';
    expect(issuesOf(GuaranteeRegistrationSchema, g)).toEqual([
      expect.objectContaining({ path: 'validUntil', code: 'invalid_period' }),
    ]);
  });

  test('a bad country of validity -> countriesOfValidity[2] invalid_country', () => {
    const g = example('guarantee');
    g.countriesOfValidity[2] = 'QQ';
    expect(issuesOf(GuaranteeRegistrationSchema, g)).toEqual([
      expect.objectContaining({ path: 'countriesOfValidity[2]', code: 'invalid_country' }),
    ]);
  });
});
