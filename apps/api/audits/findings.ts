import type { AuditView } from '../../../contracts/audit';
import type { DeclarationView } from '../../../contracts/declaration';
import type { FieldIssue } from '../../../domain/validation';

/**
 * Each finding must name a declaration under audit and an item of it: otherwise a 400 naming the
 * finding's field (`findings[i].mrn` or `findings[i].itemSeq`), before anything reaches the case.
 * The items are read from the declarations themselves (the audit view lists only their MRNs).
 */
export async function findingIssues(
  view: Pick<AuditView, 'declarations'>,
  findings: readonly { mrn: string; itemSeq: number }[],
  declaration: (mrn: string) => Promise<Pick<DeclarationView, 'declaration'> | undefined>,
): Promise<FieldIssue[]> {
  const audited = new Set(view.declarations);
  const wanted = [...new Set(findings.map((f) => f.mrn).filter((m) => audited.has(m)))];
  const items = new Map<string, Set<number>>();
  for (const mrn of wanted) {
    const d = await declaration(mrn);
    items.set(mrn, new Set(d?.declaration.items.map((i) => i.seq) ?? []));
  }
  const issues: FieldIssue[] = [];
  findings.forEach((f, i) => {
    if (!audited.has(f.mrn))
      issues.push({
        path: `findings[${i}].mrn`,
        message: `declaration ${f.mrn} is not under this audit`,
        code: 'not_audited',
      });
    else if (!items.get(f.mrn)!.has(f.itemSeq))
      issues.push({
        path: `findings[${i}].itemSeq`,
        message: `declaration ${f.mrn} has no item ${f.itemSeq}`,
        code: 'no_such_item',
      });
  });
  return issues;
}
