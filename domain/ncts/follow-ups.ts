import { guaranteeOf, type MappedMessage } from './cc015c';
import { Reader } from './reader';
import { bySequence, child, children, pathOf, textAt, type XmlNode } from './tree';

/**
 * The follow-up messages of a movement, read into the bodies of the JSON routes that carry the same
 * command: CC013C -> amendment (`amendGuarantee`), CC014C -> invalidation (`requestInvalidation`),
 * CC170C -> presentation of a pre-lodged declaration (`presentGoods`), CC007C -> arrival
 * (`notifyArrival`), CC044C -> unloading remarks (`recordUnloadingRemarks`).
 */

/** The movement a message is about: MRN, or LRN for a declaration the trader knows by its LRN. */
export const movementRef = (root: XmlNode) => ({
  mrn: textAt(root, 'TransitOperation/MRN'),
  lrn: textAt(root, 'TransitOperation/LRN'),
  pointer: pathOf(
    root,
    textAt(root, 'TransitOperation/MRN') ? 'TransitOperation/MRN' : 'TransitOperation/LRN',
  ),
});

/** CC013C: Clearway amends the guarantee of a movement; its other data elements must be as lodged. */
export function mapCC013C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const guarantee = guaranteeOf(r, root);
  if (!guarantee)
    r.refuse('13', `${root.path}/Guarantee`, 'CW-AMD', 'Clearway amends the guarantee: the IE013 needs one');
  return { body: { guarantee }, pointers: r.pointers, errors: r.errors };
}

/**
 * CC014C: the holder's invalidation request. The customs-side elements (`decision`,
 * `decisionDateAndTime`) are the office's to set and are not read; a request marked as initiated by
 * customs does not come from a trader's system.
 */
export function mapCC014C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const justification = r.at(
    'justification',
    pathOf(root, 'Invalidation/justification'),
    textAt(root, 'Invalidation/justification'),
  );
  if (textAt(root, 'Invalidation/initiatedByCustoms') === '1')
    r.refuse(
      '14',
      pathOf(root, 'Invalidation/initiatedByCustoms'),
      'CW-INV',
      'an invalidation initiated by customs is decided at the office of departure, not sent by the holder',
    );
  return { body: justification ? { justification } : {}, pointers: r.pointers, errors: r.errors };
}

/** CC007C: the arrival at the actual office of destination. */
export function mapCC007C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const office = r.at(
    'office',
    pathOf(root, 'CustomsOfficeOfDestinationActual/referenceNumber'),
    textAt(root, 'CustomsOfficeOfDestinationActual/referenceNumber'),
  );
  if (textAt(root, 'TransitOperation/incidentFlag') === '1')
    r.refuse(
      '14',
      pathOf(root, 'TransitOperation/incidentFlag'),
      'CW-INC',
      'incidents en route are recorded as incidents (IE182) before the arrival, not inside an IE007',
    );
  return { body: { office }, pointers: r.pointers, errors: r.errors };
}

/** What an IE044 reports about one goods item, in words (Clearway records discrepancies as text per item). */
function itemFinding(it: XmlNode): string {
  const parts = [
    textAt(it, 'Commodity/descriptionOfGoods') &&
      `description: ${textAt(it, 'Commodity/descriptionOfGoods')}`,
    textAt(it, 'Commodity/GoodsMeasure/grossMass') &&
      `gross mass found ${textAt(it, 'Commodity/GoodsMeasure/grossMass')} kg`,
    textAt(it, 'Commodity/GoodsMeasure/netMass') &&
      `net mass found ${textAt(it, 'Commodity/GoodsMeasure/netMass')} kg`,
    ...children(it, 'Packaging').map((p) =>
      `packages found: ${textAt(p, 'numberOfPackages') ?? '?'} ${textAt(p, 'typeOfPackages') ?? ''}`.trim(),
    ),
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'goods item reported in the unloading remarks';
}

/** CC044C: unloading remarks. Broken seals or a non-conform unloading are discrepancies. */
export function mapCC044C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const remark = child(root, 'UnloadingRemark');
  const office = r.at(
    'office',
    pathOf(root, 'CustomsOfficeOfDestinationActual/referenceNumber'),
    textAt(root, 'CustomsOfficeOfDestinationActual/referenceNumber'),
  );
  r.at('conform', pathOf(root, 'UnloadingRemark/conform'), undefined);
  r.at('discrepancies', pathOf(root, 'UnloadingRemark/unloadingRemark'), undefined);
  const discrepancies: { itemSeq?: number; description: string }[] = [];
  if (textAt(remark, 'stateOfSeals') === '0')
    discrepancies.push({ description: 'seals found not present or not intact' });
  const consignment = child(root, 'Consignment');
  for (const e of bySequence(children(consignment, 'TransportEquipment')))
    discrepancies.push({
      description:
        `transport equipment ${textAt(e, 'containerIdentificationNumber') ?? textAt(e, 'sequenceNumber') ?? ''}: seals found ${
          bySequence(children(e, 'Seal'))
            .map((s) => textAt(s, 'identifier'))
            .join(', ') || 'none'
        }`.slice(0, 512),
    });
  for (const h of bySequence(children(consignment, 'HouseConsignment')))
    for (const it of bySequence(children(h, 'ConsignmentItem'))) {
      const seq = Number(textAt(it, 'declarationGoodsItemNumber'));
      discrepancies.push({
        ...(seq > 0 ? { itemSeq: seq } : {}),
        description: itemFinding(it).slice(0, 512),
      });
    }
  const text = textAt(remark, 'unloadingRemark');
  if (text) discrepancies.push({ description: text.slice(0, 512) });
  const conform = textAt(remark, 'conform') === '1' && discrepancies.length === 0;
  if (!conform && discrepancies.length === 0)
    discrepancies.push({ description: 'unloading not conform (no detail given in the IE044)' });
  return {
    body: { office, conform, ...(conform ? {} : { discrepancies }) },
    pointers: r.pointers,
    errors: r.errors,
  };
}

/**
 * CC170C: the goods of a pre-lodged declaration presented at the office of departure. Where they
 * are (LocationOfGoods) is kept in words; Clearway has no UN/LOCODE list to check it against.
 */
export function mapCC170C(root: XmlNode): MappedMessage {
  const r = new Reader();
  const office = r.at(
    'office',
    pathOf(root, 'CustomsOfficeOfDeparture/referenceNumber'),
    textAt(root, 'CustomsOfficeOfDeparture/referenceNumber'),
  );
  const where = child(child(root, 'Consignment'), 'LocationOfGoods');
  const identification = [
    'UNLocode',
    'authorisationNumber',
    'CustomsOffice/referenceNumber',
    'additionalIdentifier',
    'Address/city',
  ]
    .map((p) => textAt(where, p))
    .filter(Boolean);
  const location = where
    ? r.at(
        'location',
        pathOf(root, 'Consignment/LocationOfGoods'),
        `type ${textAt(where, 'typeOfLocation') ?? '?'}, qualifier ${textAt(where, 'qualifierOfIdentification') ?? '?'}${identification.length ? `: ${identification.join(', ')}` : ''}`.slice(
          0,
          256,
        ),
      )
    : undefined;
  return { body: { office, ...(location ? { location } : {}) }, pointers: r.pointers, errors: r.errors };
}

/**
 * An IE044 may report goods found that the declaration does not have (an item added at unloading).
 * Such a finding is a discrepancy of the consignment, not of a declared item: it keeps its words and
 * loses the item number, which Clearway's unloading rule reserves for items on the movement.
 */
export function undeclaredItemsAsConsignment(body: Record<string, unknown>, declared: ReadonlySet<number>) {
  const list = body.discrepancies as { itemSeq?: number; description: string }[] | undefined;
  if (!list) return body;
  return {
    ...body,
    discrepancies: list.map((d) =>
      d.itemSeq === undefined || declared.has(d.itemSeq)
        ? d
        : { description: `goods item ${d.itemSeq}, not on the movement: ${d.description}`.slice(0, 512) },
    ),
  };
}
