import type { DeclarationView } from '../../../contracts/declaration';
import { newDeclarationCase, type DeclarationCase } from '../../../domain/declaration';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import { example } from '../../support/examples';

export const AT = '2026-11-27T12:00:00.000Z';

/** A declaration case as the process holds it, under control in channel YELLOW unless told otherwise. */
export function aCase(
  over: Partial<DeclarationCase> = {},
  view: Partial<DeclarationView> = {},
): DeclarationCase {
  const declaration = DeclarationSchema.parse(example('declaration-import.json'));
  const base = newDeclarationCase(
    {
      mrn: '26KZ0000000000001',
      declaration,
      payloadHash: 'h',
      lodgedAt: AT,
      lodgedBy: 'cs-test',
      settings: { slaMs: 86_400_000 },
    },
    'declaration/26KZ0000000000001',
  );
  return {
    ...base,
    ...over,
    view: { ...base.view, state: 'UNDER_CONTROL', channel: 'YELLOW', office: 'KZALA001', ...view },
  };
}

/** Deep-frozen: a pure apply function that changed its input would throw. */
export function frozen<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) frozen(x);
  }
  return v;
}
