import {
  ADDITIONAL_TYPES,
  AUTHORISATION_TYPES,
  DECLARATION_TYPES,
  GUARANTEE_TYPES,
  IDENTIFICATION_TYPE_MODES,
  SIMPLIFIED_AUTHORISATION,
  TRANSPORT_MODES,
} from './code-lists';
import { documentsOf, itemsOf, sumMass } from './goods';
import { decimalText, Reader } from './reader';
import { bySequence, child, children, pathOf, textAt, type NctsError, type XmlNode } from './tree';

/**
 * A CC015C read into the body `POST /v1/transits` takes as JSON, so the same schema and reference
 * checks run on it. `pointers` maps each field path of that body (`guarantee.grn`,
 * `consignment.items[1].hsCode`) to the element it came from, so a refusal names the element.
 */
export interface MappedMessage {
  body: Record<string, unknown>;
  pointers: Map<string, string>;
  errors: NctsError[];
}

export function mapCC015C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const op = child(root, 'TransitOperation');
  const consignment = child(root, 'Consignment');
  const houses = bySequence(children(consignment, 'HouseConsignment'));
  const depart = r.at(
    'officeOfDeparture',
    pathOf(root, 'CustomsOfficeOfDeparture/referenceNumber'),
    textAt(root, 'CustomsOfficeOfDeparture/referenceNumber'),
  );
  const destination = r.at(
    'officeOfDestination',
    pathOf(root, 'CustomsOfficeOfDestinationDeclared/referenceNumber'),
    textAt(root, 'CustomsOfficeOfDestinationDeclared/referenceNumber'),
  );
  const transitOffices = bySequence(children(root, 'CustomsOfficeOfTransitDeclared'));
  const officesOfTransit = transitOffices.map((o, i) =>
    r.at(`officesOfTransit[${i}]`, pathOf(o, 'referenceNumber'), textAt(o, 'referenceNumber')),
  );

  const authorisations = children(root, 'Authorisation');
  for (const a of authorisations) {
    const t = textAt(a, 'type');
    if (t && !AUTHORISATION_TYPES.has(t))
      r.refuse('12', pathOf(a, 'type'), 'CL235', `authorisation type ${t} is not supported by Clearway`);
  }
  const simplified = authorisations.some((a) => textAt(a, 'type') === SIMPLIFIED_AUTHORISATION);
  const additional = textAt(op, 'additionalDeclarationType');
  const additionalTypes = Object.fromEntries(
    Object.entries(ADDITIONAL_TYPES).map(([k, v]) => [k, simplified ? v.simplified : v.standard]),
  );

  const body: Record<string, unknown> = {
    lrn: r.at('lrn', pathOf(root, 'TransitOperation/LRN'), textAt(op, 'LRN')),
    declarationType: r.code(
      DECLARATION_TYPES,
      'CL231',
      root,
      'TransitOperation/declarationType',
      'declarationType',
    ),
    additionalType:
      additional === undefined
        ? undefined
        : r.code(
            additionalTypes,
            'CL042',
            root,
            'TransitOperation/additionalDeclarationType',
            'additionalType',
          ),
    holder: holderOf(r, root),
    officeOfDeparture: depart,
    officesOfTransit,
    officeOfDestination: destination,
    countriesOfRouting: routing(r, root, depart, officesOfTransit, destination),
    transport: transportOf(r, root, consignment, houses),
    guarantee: guaranteeOf(r, root),
    consignment: {
      grossMassKg: r.at(
        'consignment.grossMassKg',
        pathOf(root, 'Consignment/grossMass'),
        decimalText(textAt(consignment, 'grossMass')) ?? sumMass(houses),
      ),
      items: itemsOf(r, houses),
    },
    documents: documentsOf(r, consignment, houses),
  };
  const carnet = textAt(op, 'TIRCarnetNumber');
  if (carnet)
    body.tirCarnetNumber = r.at('tirCarnetNumber', pathOf(root, 'TransitOperation/TIRCarnetNumber'), carnet);
  return { body, pointers: r.pointers, errors: r.errors };
}

function holderOf(r: Reader, root: XmlNode) {
  const h = child(root, 'HolderOfTheTransitProcedure');
  const p = h?.path ?? `${root.path}/HolderOfTheTransitProcedure`;
  r.at('holder', p, undefined);
  const id = textAt(h, 'identificationNumber') ?? textAt(h, 'TIRHolderIdentificationNumber');
  if (id)
    r.at(
      'holder.tin',
      pathOf(
        h!,
        textAt(h, 'identificationNumber') ? 'identificationNumber' : 'TIRHolderIdentificationNumber',
      ),
      id,
    );
  r.at('holder.name', pathOf(h ?? root, 'name'), undefined);
  r.at('holder.country', pathOf(h ?? root, 'Address/country'), undefined);
  const country = textAt(h, 'Address/country') ?? (id && /^[A-Z]{2}/.test(id) ? id.slice(0, 2) : undefined);
  const street = textAt(h, 'Address/streetAndNumber');
  const city = textAt(h, 'Address/city');
  const postcode = textAt(h, 'Address/postcode');
  return {
    ...(id ? { tin: id } : {}),
    ...(id && id.length <= 17 ? { eori: id } : {}),
    // NCTS allows the identification number alone; Clearway's party needs a name, so the number stands for it.
    name: textAt(h, 'name') ?? id,
    country,
    ...(street || city || postcode
      ? {
          address: {
            ...(street ? { street } : {}),
            ...(city ? { city } : {}),
            ...(postcode ? { postcode } : {}),
          },
        }
      : {}),
  };
}

/** Departure country, the declared routing, the countries of the offices of transit, destination country. */
function routing(
  r: Reader,
  root: XmlNode,
  dep?: string,
  transit: (string | undefined)[] = [],
  dest?: string,
) {
  const declared = bySequence(children(child(root, 'Consignment'), 'CountryOfRoutingOfConsignment'));
  r.at(
    'countriesOfRouting',
    declared[0]?.path ?? `${root.path}/Consignment/CountryOfRoutingOfConsignment`,
    undefined,
  );
  const seq = [
    dep?.slice(0, 2),
    ...declared.map((c) => textAt(c, 'country')),
    ...transit.map((o) => o?.slice(0, 2)),
    dest?.slice(0, 2),
  ].filter((c): c is string => Boolean(c));
  return seq.filter((c, i) => c !== seq[i - 1]);
}

function transportOf(r: Reader, root: XmlNode, consignment: XmlNode | undefined, houses: XmlNode[]) {
  const means = bySequence([
    ...children(consignment, 'DepartureTransportMeans'),
    ...houses.flatMap((h) => children(h, 'DepartureTransportMeans')),
  ]);
  const first = means[0];
  const border = textAt(consignment, 'modeOfTransportAtTheBorder');
  const modeRel =
    border !== undefined ? 'Consignment/modeOfTransportAtTheBorder' : 'Consignment/inlandModeOfTransport';
  let mode = r.code(TRANSPORT_MODES, 'CL218', root, modeRel, 'transport.mode');
  if (mode === undefined && textAt(root, modeRel) === undefined && first) {
    mode = r.code(IDENTIFICATION_TYPE_MODES, 'CL750', first, 'typeOfIdentification', 'transport.mode');
  }
  const equipment = bySequence(children(consignment, 'TransportEquipment'));
  const seals = equipment.flatMap((e) => bySequence(children(e, 'Seal')));
  const containers = equipment.filter((e) => textAt(e, 'containerIdentificationNumber'));
  seals.forEach((s, i) => r.at(`transport.seals[${i}]`, pathOf(s, 'identifier'), undefined));
  containers.forEach((e, i) =>
    r.at(`transport.containers[${i}]`, pathOf(e, 'containerIdentificationNumber'), undefined),
  );
  if (first) {
    r.at('transport.vehicleRegistration', pathOf(first, 'identificationNumber'), undefined);
    r.at('transport.nationality', pathOf(first, 'nationality'), undefined);
  }
  return {
    mode,
    ...(textAt(first, 'identificationNumber')
      ? { vehicleRegistration: textAt(first, 'identificationNumber') }
      : {}),
    ...(textAt(first, 'nationality') ? { nationality: textAt(first, 'nationality') } : {}),
    ...(containers.length
      ? { containers: containers.map((e) => textAt(e, 'containerIdentificationNumber')) }
      : {}),
    seals: seals.map((s) => textAt(s, 'identifier')),
  };
}

export function guaranteeOf(r: Reader, root: XmlNode) {
  const all = bySequence(children(root, 'Guarantee'));
  const g = all[0];
  r.at('guarantee', g?.path ?? `${root.path}/Guarantee`, undefined);
  for (const extra of all.slice(1))
    r.refuse(
      '14',
      extra.path,
      'CW-G1',
      'Clearway secures a movement by one guarantee; this declaration has several',
    );
  const refs = children(g, 'GuaranteeReference');
  for (const extra of refs.slice(1))
    r.refuse(
      '14',
      extra.path,
      'CW-G1',
      'Clearway secures a movement by one guarantee reference; this guarantee has several',
    );
  const ref = refs[0];
  if (!g) return undefined;
  const type = r.code(GUARANTEE_TYPES, 'CL251', g, 'guaranteeType', 'guarantee.type');
  const p = (rel: string) => (ref ? pathOf(ref, rel) : `${g.path}/GuaranteeReference/${rel}`);
  r.at('guarantee.grn', p('GRN'), undefined);
  r.at('guarantee.accessCode', p('accessCode'), undefined);
  r.at('guarantee.amountToBeCovered', p('amountToBeCovered'), undefined);
  r.at('guarantee.amountToBeCovered.amount', p('amountToBeCovered'), undefined);
  r.at('guarantee.amountToBeCovered.currency', p('currency'), undefined);
  const amount = textAt(ref, 'amountToBeCovered');
  const currency = textAt(ref, 'currency');
  return {
    type,
    ...(textAt(ref, 'GRN') ? { grn: textAt(ref, 'GRN') } : {}),
    ...(textAt(ref, 'accessCode') ? { accessCode: textAt(ref, 'accessCode') } : {}),
    ...(amount || currency ? { amountToBeCovered: { amount: decimalText(amount, 2), currency } } : {}),
  };
}
