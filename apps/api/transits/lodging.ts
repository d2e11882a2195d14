import { TransitDeclarationSchema } from '../../../domain/schemas/transit';
import { parseOr400, ValidationFailed } from '../common/errors';
import type { ReferenceService } from '../reference/reference.service';
import { TirCarnetSchema } from './dto';

/**
 * Every check a transit declaration passes before it is lodged, for JSON and NCTS XML bodies alike:
 * the schema, the TIR rules, the reference data. Throws ValidationFailed naming each bad field.
 */
export async function checkLodging(body: unknown, reference: ReferenceService) {
  const t = parseOr400(TransitDeclarationSchema, body, 'transit declaration');
  const { tirCarnetNumber } = parseOr400(TirCarnetSchema, body, 'transit declaration');
  const tir = t.declarationType === 'TIR' || t.guarantee.type === 'B';
  if (tir && !tirCarnetNumber)
    throw new ValidationFailed(
      [
        {
          path: 'tirCarnetNumber',
          message: 'a TIR movement (declaration type TIR or guarantee type B) needs the TIR carnet number',
          code: 'required',
        },
      ],
      'the transit declaration is not valid',
    );
  if (t.declarationType === 'TIR' && t.guarantee.type !== 'B')
    throw new ValidationFailed(
      [
        {
          path: 'guarantee.type',
          message: 'a TIR movement is secured by a TIR guarantee (type B)',
          code: 'invalid_value',
        },
      ],
      'the transit declaration is not valid',
    );
  await reference.assertTransit(t);
  return { t, tirCarnetNumber };
}
