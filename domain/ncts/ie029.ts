import type { TransitDeclaration } from '../schemas/transit';
import { DECLARATION_TYPES } from './code-lists';
import { date, holder, modeCode, ncts, office, securityOf } from './envelope';
import type { MovementRecord } from './outbound';
import { el, opt, type Content } from './xml-writer';

/** IE029 release for transit: the declaration as released, with the seals and itinerary of the movement. */
export function ie029(
  rec: MovementRecord & { declaration: TransitDeclaration },
  at: string,
  accepted: string,
): Content[] {
  const { view: v, declaration: d } = rec;
  const mode = modeCode(d.transport.mode);
  return [
    el(
      'TransitOperation',
      el('LRN', d.lrn),
      el('MRN', v.mrn),
      el('declarationType', DECLARATION_TYPES[d.declarationType] ?? d.declarationType),
      el('additionalDeclarationType', ncts(d.additionalType)),
      opt('TIRCarnetNumber', v.tirCarnetNumber),
      el('declarationAcceptanceDate', date(accepted)),
      el('releaseDate', date(at)),
      el('security', securityOf(v.mrn)),
      el('reducedDatasetIndicator', '0'),
      el('bindingItinerary', '0'),
    ),
    office('CustomsOfficeOfDeparture', d.officeOfDeparture),
    office('CustomsOfficeOfDestinationDeclared', d.officeOfDestination),
    d.officesOfTransit.map((o, i) =>
      el('CustomsOfficeOfTransitDeclared', el('sequenceNumber', i + 1), el('referenceNumber', o)),
    ),
    holder(v, d),
    el(
      'Guarantee',
      el('sequenceNumber', 1),
      el('guaranteeType', d.guarantee.type),
      d.guarantee.amountToBeCovered &&
        el(
          'GuaranteeReference',
          el('sequenceNumber', 1),
          opt('GRN', d.guarantee.grn),
          el('amountToBeCovered', d.guarantee.amountToBeCovered.amount),
          el('currency', d.guarantee.amountToBeCovered.currency),
        ),
    ),
    el(
      'Consignment',
      el('containerIndicator', d.transport.containers?.length ? '1' : '0'),
      opt('modeOfTransportAtTheBorder', mode),
      el('grossMass', d.consignment.grossMassKg),
      v.seals.length > 0 &&
        el(
          'TransportEquipment',
          el('sequenceNumber', 1),
          opt('containerIdentificationNumber', d.transport.containers?.[0]),
          el('numberOfSeals', v.seals.length),
          v.seals.map((s, i) => el('Seal', el('sequenceNumber', i + 1), el('identifier', s))),
        ),
      d.countriesOfRouting.map((c, i) =>
        el('CountryOfRoutingOfConsignment', el('sequenceNumber', i + 1), el('country', c)),
      ),
      el(
        'HouseConsignment',
        el('sequenceNumber', 1),
        el('grossMass', d.consignment.grossMassKg),
        d.consignment.items.map((it, i) =>
          el(
            'ConsignmentItem',
            el('goodsItemNumber', i + 1),
            el('declarationGoodsItemNumber', it.seq),
            el(
              'Commodity',
              el('descriptionOfGoods', it.description),
              el(
                'CommodityCode',
                el('harmonizedSystemSubHeadingCode', it.hsCode.slice(0, 6)),
                opt('combinedNomenclatureCode', it.hsCode.length >= 8 ? it.hsCode.slice(6, 8) : undefined),
              ),
              el('GoodsMeasure', el('grossMass', it.grossMassKg), opt('netMass', it.netMassKg)),
            ),
            el(
              'Packaging',
              el('sequenceNumber', 1),
              el('typeOfPackages', it.packages.kind),
              it.packages.count > 0 && el('numberOfPackages', it.packages.count),
              opt('shippingMarks', it.packages.marks),
            ),
          ),
        ),
      ),
    ),
  ];
}
