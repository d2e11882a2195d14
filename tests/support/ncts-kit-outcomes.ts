/**
 * What Clearway answers to each sample of the NCTS kit (../shared/reference/ncts/manifest.json), and
 * where that differs from the outcome HMRC's scenario expected, why. tests/e2e/ncts-kit.test.ts
 * asserts these; docs/ncts.md lists the differences.
 */
export type Outcome =
  /** IE928 answered, then IE028 and IE029 among the movement's messages. */
  | { kind: 'released' }
  /** As released, through the control path: no seals, so the goods are examined (IE060) before IE029. */
  | { kind: 'controlled' }
  /** Pre-lodged: IE928, then held until the IE170 (answered IE028); examined (no seals) and released (IE029). */
  | { kind: 'presented' }
  /** IE928 and IE028, then the guarantee is refused (IE055 in NCTS): no IE029; IE051 at the amendment deadline. */
  | { kind: 'guarantee-refused' }
  /** IE056 / IE057 with a FunctionalError of this code and reason whose pointer matches. */
  | { kind: 'rejected'; message: 'IE056' | 'IE057'; code: string; reason: string; pointer: RegExp }
  /** The follow-up is applied; this message follows among the movement's (none: discrepancies, nothing for the trader yet). */
  | { kind: 'answered'; message: 'IE004' | 'IE009' | 'IE028' | 'IE043' | 'IE025' | 'none' };

export interface KitCase {
  outcome: Outcome;
  /** Why Clearway's answer differs from the manifest's expected outcome. */
  differs?: string;
}

const released: KitCase = { outcome: { kind: 'released' } };
const prelodged: KitCase = { outcome: { kind: 'presented' } };
const transitionRule = (rule: string): KitCase => ({
  outcome: { kind: 'released' },
  differs: `HMRC refused it under transition-period rule ${rule}, which ended with the transition; Clearway applies final-mode rules`,
});
const schema = (message: 'IE056' | 'IE057', element: string): KitCase => ({
  outcome: {
    kind: 'rejected',
    message,
    code: message === 'IE056' ? '12' : '12',
    reason: 'XSD',
    pointer: new RegExp(`/${element}$`),
  },
});
const rule = (
  code: string,
  reason: string,
  pointer: RegExp,
  differs?: string,
  message: 'IE056' | 'IE057' = 'IE056',
): KitCase => ({
  outcome: { kind: 'rejected', message, code, reason, pointer },
  ...(differs ? { differs } : {}),
});
const TIR_GRN =
  'Clearway reserves a TIR guarantee (type B) under a GRN standing for the guarantee chain; the sample has none';

export const KIT_CASES: Readonly<Record<string, KitCase>> = {
  'IE015-gb-t1-simplified-01': released,
  'IE015-gb-t1-normal-01': released,
  'IE015-gb-t1-simplified-security1-01': released,
  'IE015-gb-t1-normal-security1-01': released,
  'IE015-gb-t1-prelodged-simplified-01': prelodged,
  'IE015-gb-t1-prelodged-normal-01': prelodged,
  'IE015-xi-t1-simplified-01': released,
  'IE015-xi-t1-normal-01': released,
  'IE015-xi-t1-normal-security1-01': released,
  'IE015-xi-tir-normal-01': rule('13', 'CW-REQ', /GuaranteeReference\/GRN$/, TIR_GRN),
  'IE015-xi-tir-neg-simplified-01': rule(
    '13',
    'CW-REQ',
    /GuaranteeReference\/GRN$/,
    'refused, but for the missing GRN, not for TIR under the simplified procedure',
  ),
  'IE015-gb-t1-multihouse-01': released,
  'IE015-xi-t1-multihouse-01': released,
  'IE015-gb-t1-multihouse-nmrn-01': released,
  'IE015-xi-t1-multihouse-nmrn-01': released,
  'IE015-gb-t1-prelodged-multihouse-nmrn-01': prelodged,
  'IE015-gb-t1-prelodged-three-guarantees-01': rule(
    '14',
    'CW-G1',
    /\/Guarantee\[2\]$/,
    'Clearway secures a movement by one guarantee; three are refused with the reason',
  ),
  'IE015-gb-t1-no-guarantee-amount-transport-charges-01': rule(
    '12',
    'CW-HS',
    /combinedNomenclatureCode$/,
    'the combined nomenclature code "CL" is not two digits; Clearway refuses it rather than drop it',
  ),
  'IE015-gb-t1-neg-transition-an35-security1-item-documents-01': transitionRule('an..35 references'),
  'IE015-gb-t1-neg-transition-e1301-docs-all-levels-01': transitionRule('E1301'),
  'IE015-gb-t1-security2-01': released,
  'IE015-gb-t1-neg-transition-inland-mode5-01': transitionRule('B1891'),
  'IE015-gb-t1-neg-transition-inland-mode2-01': {
    ...transitionRule('B1897'),
    outcome: { kind: 'controlled' },
  },
  'IE015-xi-t1-two-items-01': released,
  'IE015-gb-t1-neg-invalid-grn-01': { outcome: { kind: 'guarantee-refused' } },
  'IE015-gb-t1-neg-transition-b1895-01': transitionRule('B1895'),
  'IE015-gb-t1-neg-transition-e1301-01': transitionRule('E1301'),
  'IE015-gb-xsdneg-wrong-case-elements-01': {
    outcome: { kind: 'rejected', message: 'IE056', code: '15', reason: 'XSD', pointer: /\/DeclarationType$/ },
  },
  'IE015-gb-xsdneg-accesscode-length-01': schema('IE056', 'accessCode'),
  'IE015-gb-xsdneg-grossmass-digits-01': schema('IE056', 'grossMass'),
  'IE007-gb-simplified-01': { outcome: { kind: 'answered', message: 'IE043' } },
  'IE007-gb-normal-01': {
    outcome: { kind: 'answered', message: 'IE043' },
    differs: 'Clearway sends IE043 after every arrival; IE025/IE045 follow the unloading remarks',
  },
  'IE007-xi-simplified-01': { outcome: { kind: 'answered', message: 'IE043' } },
  'IE007-gb-simplified-nonconformance-01': { outcome: { kind: 'answered', message: 'IE043' } },
  'IE007-gb-simplified-incident-01': rule(
    '14',
    'CW-INC',
    /incidentFlag$/,
    'incidents are recorded en route (IE182), not inside an IE007',
    'IE057',
  ),
  'IE007-gb-normal-incident-01': rule(
    '14',
    'CW-INC',
    /incidentFlag$/,
    'incidents are recorded en route (IE182), not inside an IE007',
    'IE057',
  ),
  'IE007-gb-xsdneg-invalid-mrn-01': schema('IE057', 'MRN'),
  'IE044-gb-conform-01': { outcome: { kind: 'answered', message: 'IE025' } },
  'IE044-gb-no-stateofseals-01': {
    outcome: { kind: 'answered', message: 'IE025' },
    differs: 'Clearway reads an absent seal state as no finding and writes the movement off',
  },
  'IE044-gb-seals-changed-01': { outcome: { kind: 'answered', message: 'none' } },
  'IE044-gb-nonconform-item-discrepancies-01': { outcome: { kind: 'answered', message: 'none' } },
  'IE044-gb-multihouse-combined-discrepancies-01': { outcome: { kind: 'answered', message: 'none' } },
  'IE044-gb-xsdneg-invalid-unloading-date-01': schema('IE057', 'unloadingDate'),
  'IE013-gb-simplified-amendment-01': { outcome: { kind: 'answered', message: 'IE004' } },
  'IE013-gb-normal-amendment-01': { outcome: { kind: 'answered', message: 'IE004' } },
  'IE013-gb-prelodged-simplified-correction-01': { outcome: { kind: 'answered', message: 'IE004' } },
  'IE013-gb-prelodged-normal-correction-01': { outcome: { kind: 'answered', message: 'IE004' } },
  'IE014-gb-before-release-01': { outcome: { kind: 'answered', message: 'IE009' } },
  'IE014-gb-after-release-01': rule('92', 'CW-SEQ', /CC014C$/),
  'IE014-gb-prelodged-by-lrn-01': { outcome: { kind: 'answered', message: 'IE009' } },
  'IE014-gb-with-decision-01': { outcome: { kind: 'answered', message: 'IE009' } },
  'IE170-gb-simplified-01': { outcome: { kind: 'answered', message: 'IE028' } },
  'IE170-gb-normal-unlocode-01': { outcome: { kind: 'answered', message: 'IE028' } },
  'IE170-gb-neg-incorrect-unlocode-01': {
    outcome: { kind: 'answered', message: 'IE028' },
    differs:
      'Clearway keeps the location of goods in words and has no UN/LOCODE list to check it against: the presentation is accepted',
  },
  'IE029-gb-tis-example-2023-01': rule('14', 'CW-MSG', /CC029C$/),
  'IE029-gb-tis-post-transition-tad-01': rule('14', 'CW-MSG', /CC029C$/),
};
