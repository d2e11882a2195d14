import { Dec } from '../money';
import { DOCUMENT_TYPES } from './code-lists';
import { decimalText, type Reader } from './reader';
import { bySequence, children, pathOf, textAt, type XmlNode } from './tree';

export function sumMass(houses: XmlNode[]): string | undefined {
  const masses = houses.map((h) => textAt(h, 'grossMass'));
  if (!masses.length || masses.some((m) => m === undefined)) return undefined;
  return decimalText(masses.reduce((a, m) => a.plus(new Dec(m!)), new Dec(0)).toString());
}

export function itemsOf(r: Reader, houses: XmlNode[]) {
  const items = houses.flatMap((h) => bySequence(children(h, 'ConsignmentItem')));
  return items.map((it, i) => {
    const f = (name: string, rel: string) =>
      r.at(`consignment.items[${i}].${name}`, pathOf(it, rel), undefined);
    r.at(`consignment.items[${i}]`, it.path, undefined);
    f('seq', 'declarationGoodsItemNumber');
    f('hsCode', 'Commodity/CommodityCode/harmonizedSystemSubHeadingCode');
    f('description', 'Commodity/descriptionOfGoods');
    f('grossMassKg', 'Commodity/GoodsMeasure/grossMass');
    f('netMassKg', 'Commodity/GoodsMeasure/netMass');
    f('packages', 'Packaging');
    f('packages.kind', 'Packaging/typeOfPackages');
    f('packages.count', 'Packaging/numberOfPackages');
    f('packages.marks', 'Packaging/shippingMarks');
    const packaging = bySequence(children(it, 'Packaging'));
    for (const extra of packaging.slice(1))
      r.refuse(
        '14',
        extra.path,
        'CW-P1',
        'Clearway records one packaging per goods item; this item has several',
      );
    const cn = textAt(it, 'Commodity/CommodityCode/combinedNomenclatureCode');
    if (cn !== undefined && !/^[0-9]{2}$/.test(cn))
      r.refuse(
        '12',
        pathOf(it, 'Commodity/CommodityCode/combinedNomenclatureCode'),
        'CW-HS',
        `combined nomenclature code ${cn} is not two digits`,
      );
    const pk = packaging[0];
    const seq = textAt(it, 'declarationGoodsItemNumber');
    const marks = textAt(pk, 'shippingMarks');
    const net = decimalText(textAt(it, 'Commodity/GoodsMeasure/netMass'));
    return {
      seq: seq === undefined ? undefined : Number(seq),
      hsCode:
        `${textAt(it, 'Commodity/CommodityCode/harmonizedSystemSubHeadingCode') ?? ''}${cn && /^[0-9]{2}$/.test(cn) ? cn : ''}` ||
        undefined,
      description: textAt(it, 'Commodity/descriptionOfGoods'),
      packages: {
        kind: textAt(pk, 'typeOfPackages'),
        // bulk and unpacked goods (VQ, VG, VL, VY, VR, VO, NE, NF, NG) carry no number of packages
        count: Number(textAt(pk, 'numberOfPackages') ?? 0),
        ...(marks ? { marks } : {}),
      },
      grossMassKg: decimalText(textAt(it, 'Commodity/GoodsMeasure/grossMass')),
      ...(net ? { netMassKg: net } : {}),
    };
  });
}

/** Documents, references and additional information at every level, their codes checked against the tables. */
export function documentsOf(r: Reader, consignment: XmlNode | undefined, houses: XmlNode[]) {
  const levels: { node: XmlNode; itemSeq?: number }[] = [
    ...(consignment ? [{ node: consignment }] : []),
    ...houses.map((h) => ({ node: h })),
    ...houses.flatMap((h) =>
      children(h, 'ConsignmentItem').map((it) => ({
        node: it,
        itemSeq: Number(textAt(it, 'declarationGoodsItemNumber')),
      })),
    ),
  ];
  const out: Record<string, unknown>[] = [];
  for (const { node, itemSeq } of levels)
    for (const [group, { list, codes }] of Object.entries(DOCUMENT_TYPES))
      for (const d of bySequence(children(node, group))) {
        const rel = group === 'AdditionalInformation' ? 'code' : 'type';
        const type = textAt(d, rel);
        if (type === undefined || !codes.has(type)) {
          r.refuse(
            '12',
            pathOf(d, rel),
            list,
            `${list} code ${type ?? '(none)'} is not supported by Clearway`,
          );
          continue;
        }
        const reference = textAt(d, group === 'AdditionalInformation' ? 'text' : 'referenceNumber');
        r.at(`documents[${out.length}]`, d.path, undefined);
        r.at(
          `documents[${out.length}].reference`,
          pathOf(d, group === 'AdditionalInformation' ? 'text' : 'referenceNumber'),
          undefined,
        );
        out.push({ group, type, ...(reference ? { reference } : {}), ...(itemSeq ? { itemSeq } : {}) });
      }
  return out;
}
