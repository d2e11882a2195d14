import type { AuditedDeclaration } from '../../contracts/audit-assessment';
import type { DutiesView } from '../../contracts/declaration';
import type { Declaration } from '../schemas/declaration';

/**
 * What an audit keeps of a released declaration: per item the facts the recomputation corrects and
 * what was assessed at release (the declaration's duties view). The API builds the audit's input
 * with it from the declaration's case view; tests build theirs the same way.
 */
export function auditedDeclaration(
  mrn: string,
  declaration: Declaration,
  duties: Pick<DutiesView, 'currency' | 'items'>,
  acceptanceDate: string,
  releasedAt: string,
): AuditedDeclaration {
  return {
    mrn,
    type: declaration.type,
    acceptanceDate,
    releasedAt,
    currency: duties.currency,
    documents: declaration.documents.map((d) => d.code),
    items: declaration.items.map((item) => {
      const a = duties.items.find((x) => x.seq === item.seq);
      if (!a) throw new RangeError(`item ${item.seq} of ${mrn} has no assessment`);
      return {
        seq: item.seq,
        hsCode: item.hsCode,
        description: item.description,
        customsValue: a.customsValue,
        originCountry: item.originCountry,
        ...(item.preferentialOriginCountry
          ? { preferentialOriginCountry: item.preferentialOriginCountry }
          : {}),
        ...(a.preference ? { preference: a.preference.id } : {}),
        quantity: item.quantity,
        unit: item.unit,
        netMassKg: item.netMassKg,
        assessed: { duty: a.duty, excise: a.excise?.amount ?? '0', vat: a.vat.amount, total: a.total },
      };
    }),
  };
}
