/**
 * Explanations travel beside results (`{ value, steps }`) instead of being logged: every step an
 * officer needs to redo the computation by hand, in order, with the arithmetic written out.
 */
export interface Step {
  /** `header` or `item <seq>`. */
  scope: string;
  /** Stable rule id, e.g. `exchange-rate`, `addition-freight`, `duty-mixed`, `vat`. */
  rule: string;
  /** Human text with the arithmetic, e.g. "22000.00 USD x 512.3400 = 11271480.00 KZT". */
  text: string;
  /** The step's result as a decimal string, when it has one. */
  result?: string;
}

export interface Explained<T> {
  value: T;
  steps: Step[];
}

/** Raised by the computations when reference data is missing or inconsistent; `code` is stable. */
export class AssessmentError extends Error {
  constructor(
    readonly code:
      | 'no_exchange_rate'
      | 'no_tariff_line'
      | 'no_vat_rate'
      | 'unit_mismatch'
      | 'invalid_date'
      | 'invalid_input',
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'AssessmentError';
  }
}
