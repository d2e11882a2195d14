import { GuaranteeRegistrationSchema } from '../../../domain/schemas';
import { validateDeclaration, validateTransit } from '../../../domain/validation';
import { OfficeSchema } from '../../../domain/offices';
import { example, refs } from '../support/fixtures';
import { issuesOf } from './support';

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
