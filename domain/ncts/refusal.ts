import type { FieldIssue } from '../validation';
import type { NctsError } from './tree';

/** The field paths of a JSON refusal, read as elements of the message it was mapped from. */
const CODES: Readonly<Record<string, { code: NctsError['code']; reason: string }>> = {
  required: { code: '13', reason: 'CW-REQ' },
  unknown_office: { code: '12', reason: 'CL171' },
  office_role_mismatch: { code: '14', reason: 'CW-OFF' },
  invalid_office_code: { code: '12', reason: 'CL171' },
  invalid_country: { code: '12', reason: 'CL199' },
  invalid_currency: { code: '12', reason: 'CL048' },
  invalid_hs_code: { code: '12', reason: 'CW-HS' },
  unknown_hs_code: { code: '12', reason: 'CW-HS' },
  invalid_grn: { code: '12', reason: 'CW-GRN' },
  routing_mismatch: { code: '14', reason: 'CW-ROUT' },
  mass_mismatch: { code: '14', reason: 'CW-MASS' },
  duplicate: { code: '14', reason: 'CW-DUP' },
};

/** The pointer of a field: its own element, else the nearest mapped ancestor's. */
export function pointerOf(path: string, pointers: ReadonlyMap<string, string>, rootPath: string): string {
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const hit = pointers.get(p);
    if (hit) return hit;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return rootPath;
}

export function refusalErrors(
  issues: readonly FieldIssue[],
  pointers: ReadonlyMap<string, string>,
  rootPath: string,
): NctsError[] {
  return issues.map((i) => {
    const c = CODES[i.code] ?? { code: '14' as const, reason: 'CW-RULE' };
    return { ...c, pointer: pointerOf(i.path, pointers, rootPath), message: `${i.path}: ${i.message}` };
  });
}
