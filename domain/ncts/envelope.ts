import type { TransitView } from '../../contracts/transit';
import type { TransitDeclaration } from '../schemas/transit';
import { ADDITIONAL_TYPES, TRANSPORT_MODES } from './code-lists';
import type { NctsError } from './tree';
import { el, opt, serialize, type Content, type XmlElement } from './xml-writer';

/** The answers a trader's NCTS software expects, built from the movement's view and its declaration. */
export type OutboundType =
  'IE928' | 'IE028' | 'IE029' | 'IE051' | 'IE060' | 'IE004' | 'IE009' | 'IE043' | 'IE025' | 'IE045' | 'IE035';

export interface OutboundMessage {
  type: OutboundType | 'IE056' | 'IE057';
  /** Deterministic: `<MRN or LRN>-<type>[-<seq>]`, so a message fetched twice has one id. */
  messageId: string;
  at: string;
  xml: string;
}

/** NCTS date-times have no zone (UTC here) and no fraction. */
export const dateTime = (iso: string) => iso.slice(0, 19);
export const date = (iso: string) => iso.slice(0, 10);

export function header(
  type: string,
  at: string,
  id: string,
  sender: string,
  recipient: string,
): XmlElement[] {
  return [
    el('messageSender', sender.slice(0, 35)),
    el('messageRecipient', recipient.slice(0, 35)),
    el('preparationDateAndTime', dateTime(at)),
    el('messageIdentification', id.slice(0, 35)),
    el('messageType', `CC${type.slice(2)}C`),
  ];
}

/** Holder as NCTS names it: the identification number (17 characters at most), else the name. */
export function holder(v: TransitView, d?: TransitDeclaration, name = 'HolderOfTheTransitProcedure') {
  const id = [d?.holder.eori, d?.holder.tin, v.holder].find((x) => x && x.length <= 17);
  if (id) return el(name, el('identificationNumber', id));
  // The trader at destination has only an identification number (an..17, an EORI) in NCTS; a holder
  // known by a longer national TIN alone cannot be named there.
  if (name === 'TraderAtDestination') return el(name, el('identificationNumber', 'UNKNOWN'));
  return el(name, el('name', (d?.holder.name ?? v.holder).slice(0, 70)));
}

/** CL217 security, read back from the MRN's procedure category (J, L, K, M), which is all Clearway keeps of it. */
export const securityOf = (mrn: string): string => ({ J: '0', L: '1', K: '2', M: '3' })[mrn[16]] ?? '0';

export const office = (name: string, code: string) => el(name, el('referenceNumber', code));
export const ncts = (additionalType: string) =>
  Object.entries(ADDITIONAL_TYPES).find(
    ([, v]) => v.standard === additionalType || v.simplified === additionalType,
  )?.[0] ?? 'A';
export const modeCode = (mode: string) => Object.entries(TRANSPORT_MODES).find(([, m]) => m === mode)?.[0];

export function build(
  type: OutboundType | 'IE056' | 'IE057',
  r: { mrn?: string; lrn: string; at: string; seq?: number | string; country: string; recipient: string },
  body: Content[],
): OutboundMessage {
  const messageId = `${r.mrn ?? r.lrn}-${type}${r.seq ? `-${r.seq}` : ''}`;
  return {
    type,
    messageId,
    at: r.at,
    xml: serialize(
      el(`CC${type.slice(2)}C`, header(type, r.at, messageId, `NTA.${r.country}`, r.recipient), body),
    ),
  };
}

/** What an IE056 / IE057 says about the refused message. */
export interface RejectionFacts {
  lrn?: string;
  mrn?: string;
  /** IE056 (departure side: IE015, IE013, IE014, IE170) or IE057 (destination side: IE007, IE044). */
  side: 'departure' | 'destination';
  /** The office of departure (IE056) or the actual office of destination (IE057). */
  office: string;
  /** Holder (IE056) or trader at destination (IE057) identification number. */
  partyId?: string;
  /** The rejected message: `015`, `013`, `014`, `170` (CL560), `007`, `044` (CL570). */
  rejected: string;
  at: string;
  recipient: string;
  errors: NctsError[];
}

const OFFICE = /^[A-Z]{2}[A-Z0-9]{6}$/;

/**
 * IE056 rejection from the office of departure, IE057 from the office of destination: one
 * FunctionalError per finding, with its CL180 code, the XPath of the element and the rule. Rejection
 * code (CL226/CL227) 12 for functional errors, 4 when a message came out of sequence.
 */
export function rejection(p: RejectionFacts): OutboundMessage {
  const type = p.side === 'departure' ? 'IE056' : 'IE057';
  const code = p.errors.some((e) => e.code === '92') ? '4' : '12';
  const office = OFFICE.test(p.office) ? p.office : 'XX000000';
  const id = p.partyId && p.partyId.length <= 17 ? p.partyId : undefined;
  return build(
    type,
    { ...p, lrn: p.lrn ?? 'UNKNOWN', country: office.slice(0, 2), seq: p.at.replace(/\D/g, '').slice(0, 14) },
    [
      el(
        'TransitOperation',
        opt('LRN', p.side === 'departure' && !p.mrn ? p.lrn : undefined),
        p.side === 'departure' ? opt('MRN', p.mrn) : el('MRN', p.mrn ?? ''),
        el('businessRejectionType', p.rejected),
        el('rejectionDateAndTime', dateTime(p.at)),
        el('rejectionCode', code),
        opt('rejectionReason', p.errors[0]?.message.slice(0, 512)),
      ),
      p.side === 'departure'
        ? [
            el('CustomsOfficeOfDeparture', el('referenceNumber', office)),
            el('HolderOfTheTransitProcedure', opt('identificationNumber', id)),
          ]
        : [
            el('CustomsOfficeOfDestinationActual', el('referenceNumber', office)),
            el('TraderAtDestination', el('identificationNumber', id ?? 'UNKNOWN')),
          ],
      p.errors
        .slice(0, 9999)
        .map((e) =>
          el(
            'FunctionalError',
            el('errorPointer', e.pointer.slice(0, 512)),
            el('errorCode', e.code),
            el('errorReason', e.reason.slice(0, 7)),
            opt('originalAttributeValue', e.value?.slice(0, 512)),
          ),
        ),
    ],
  );
}
