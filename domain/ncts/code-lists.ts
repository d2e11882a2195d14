/**
 * NCTS phase 5 code lists as Clearway reads them (CLxxx of the XSD 51.8.6 set), kept as data: an
 * NCTS code maps to Clearway's value, or is absent, which the XML door refuses with an IE056
 * (error code 12, the code list as the reason) instead of dropping it. docs/ncts.md lists them.
 */

/** CL231 declaration type. T2SM (San Marino) has no Clearway equivalent. */
export const DECLARATION_TYPES: Readonly<Record<string, string>> = {
  T: 'T',
  T1: 'T1',
  T2: 'T2',
  T2F: 'T2F',
  TIR: 'TIR',
};

/**
 * CL042 additional declaration type. Clearway tells a simplified (authorised consignor) declaration by
 * its type (B, E for pre-lodged); NCTS by the authorisation C521 beside A or D.
 */
export const ADDITIONAL_TYPES: Readonly<Record<string, { standard: string; simplified: string }>> = {
  A: { standard: 'A', simplified: 'B' },
  D: { standard: 'D', simplified: 'E' },
};
export const SIMPLIFIED_AUTHORISATION = 'C521';
/** CL235 authorisation types Clearway accepts on a declaration: authorised consignor, seals of special type, reduced dataset. */
export const AUTHORISATION_TYPES: ReadonlySet<string> = new Set(['C521', 'C523', 'C524']);

/**
 * CL251 guarantee type. 5 (waiver, Convention), 8 (public bodies), A (waiver by agreement) and R
 * (returned goods) have no guarantee process here.
 */
export const GUARANTEE_TYPES: Readonly<Record<string, string>> = {
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '9': '9',
  B: 'B',
};

/** CL218 mode of transport (at the border and inland). */
export const TRANSPORT_MODES: Readonly<Record<string, string>> = {
  '1': 'SEA',
  '2': 'RAIL',
  '3': 'ROAD',
  '4': 'AIR',
  '5': 'POST',
  '7': 'FIXED',
  '8': 'INLAND_WATERWAY',
  '9': 'OWN_PROPULSION',
};

/**
 * CL750 type of identification of a means of transport, and the mode it implies: the mode Clearway
 * needs when a declaration states neither `modeOfTransportAtTheBorder` nor `inlandModeOfTransport`
 * (both optional in CC015C).
 */
export const IDENTIFICATION_TYPE_MODES: Readonly<Record<string, string>> = {
  '10': 'SEA',
  '11': 'SEA',
  '20': 'RAIL',
  '21': 'RAIL',
  '30': 'ROAD',
  '31': 'ROAD',
  '40': 'AIR',
  '41': 'AIR',
  '80': 'INLAND_WATERWAY',
  '81': 'INLAND_WATERWAY',
};

/** Document and reference codes Clearway records with the movement, per CC015C group. */
export const DOCUMENT_TYPES: Readonly<Record<string, { list: string; codes: ReadonlySet<string> }>> = {
  /** CL214 previous documents (NMRN: the export declaration's MRN). */
  PreviousDocument: {
    list: 'CL214',
    codes: new Set(['C512', 'C521', 'C605', 'N337', 'N355', 'N760', 'N820', 'N821', 'N830', 'NMRN']),
  },
  /** CL213 supporting documents. */
  SupportingDocument: {
    list: 'CL213',
    codes: new Set(['C085', 'C641', 'C651', 'C678', 'L100', 'N325', 'N380', 'N703', 'N820', 'N954']),
  },
  /** CL754 transport documents. */
  TransportDocument: {
    list: 'CL754',
    codes: new Set([
      'C664',
      'N235',
      'N703',
      'N704',
      'N705',
      'N710',
      'N720',
      'N722',
      'N730',
      'N740',
      'N741',
      'N785',
    ]),
  },
  /** CL380 additional references. */
  AdditionalReference: {
    list: 'CL380',
    codes: new Set(['C651', 'C658', 'Y022', 'Y023', 'Y024', 'Y028']),
  },
  /** CL239 additional information: export from EFTA/EU, Union goods, ... */
  AdditionalInformation: { list: 'CL239', codes: new Set(['20100', '20200', '20300', '30600']) },
};

/**
 * Customs office reference numbers (CL171 departure, CL172 destination, CL173 transit) are checked
 * against Clearway's office reference data and roles (config/reference/offices.json), not against a
 * copy of the CS/RD2 list; country codes (CL199 / CL010) against ISO 3166-1.
 */
export const OFFICE_LISTS = { departure: 'CL171', destination: 'CL172', transit: 'CL173' } as const;
