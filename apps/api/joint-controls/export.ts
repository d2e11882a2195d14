import { ConflictException } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { caseView, type DeclarationView, type JointGoods, type JointMovementFacts } from '../../../contracts';
import { Dec } from '../../../domain/money';
import { inScope, type Principal } from '../auth/tokens';

/**
 * A released export declaration at the joint post (docs/joint-control.md, "Export declarations"):
 * its office of exit is the exit post, and the facing post's country is the declaration's country of
 * destination (a declaration names no transit countries, so the next stop after the exit is there).
 */

/** The declaration of `mrn`, when there is one (a transit movement's MRN has none). */
export async function exportedDeclaration(client: Client, mrn: string): Promise<DeclarationView | undefined> {
  try {
    return await client.workflow.getHandle(`declaration/${mrn}`).query(caseView);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Who may open a joint control on it: an officer of the office of declaration, or of either post
 * of the pair when the declaration names the exit post as its office of exit. Anyone else: 404.
 */
export const exportVisible = (p: Principal, v: DeclarationView, exitPost: string): boolean =>
  inScope(p, v.country, v.office) || v.declaration.officeOfExit === exitPost;

/** Whether the export stands at exit post `exit` with the facing post next: a 409 says why not. */
export function assertExportAtExitPost(
  v: DeclarationView,
  exit: string,
  entry: { office: string; country: string },
): void {
  if (v.type !== 'EX')
    throw new ConflictException(
      `declaration ${v.mrn} is of type ${v.type}: a joint control takes an export declaration or a transit movement`,
    );
  if (v.state !== 'RELEASED' || !v.exit)
    throw new ConflictException(
      `the export is ${v.state}${v.state === 'RELEASED' ? ' without an exit to confirm' : ''}: a joint control needs an export released and awaiting its exit`,
    );
  if (v.exit.confirmedAt || v.exit.notConfirmedAt)
    throw new ConflictException(
      `the export's exit is already ${v.exit.confirmedAt ? `confirmed (${v.exit.confirmedAt})` : 'recorded as not confirmed'}`,
    );
  if (v.exit.office !== exit)
    throw new ConflictException(`the export's office of exit is ${v.exit.office}, not exit post ${exit}`);
  const dest = v.declaration.countryOfDestination;
  if (entry.country !== dest)
    throw new ConflictException(
      `the facing post ${entry.office} (${entry.country}) is not the export's next stop: its country of destination is ${dest}`,
    );
}

/**
 * What the joint post decides on. The exporter stands as the holder (the declarant when no exporter
 * TIN); AEO when the exporter or the declarant is one. Sealed: the seals the declaration names, or
 * those affixed at its export control; intact unless that control found them broken.
 */
export function exportFacts(v: DeclarationView): { movement: JointMovementFacts; goods: JointGoods } {
  const d = v.declaration;
  const holder = d.exporter ?? d.declarant;
  const result = v.control?.result;
  const seals = [...(d.transport.seals ?? []), ...(result?.newSeals ?? [])];
  const tin = holder.tin ?? d.declarant.tin;
  const gross = d.items.reduce((acc, i) => acc.plus(new Dec(i.grossMassKg)), new Dec(0));
  return {
    movement: {
      kind: 'export',
      mrn: v.mrn,
      ...(tin ? { holderTin: tin } : {}),
      holderName: holder.name,
      aeo: d.exporter?.aeo === true || d.declarant.aeo === true,
      seals,
      sealsIntact: result?.sealsIntact !== false || (result?.newSeals?.length ?? 0) > 0,
      routeCountries: [v.country, d.countryOfDestination],
      ...(d.transport.vehicleRegistration ? { vehicleRegistration: d.transport.vehicleRegistration } : {}),
      containers: d.transport.containers,
    },
    goods: {
      items: d.items.map((i) => ({
        seq: i.seq,
        hsCode: i.hsCode,
        description: i.description,
        grossMassKg: i.grossMassKg,
      })),
      documentCodes: [...new Set(d.documents.map((doc) => doc.code))],
      grossMassKg: gross.toFixed(3),
    },
  };
}
