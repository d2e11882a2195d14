/**
 * The signed exchange between administrations (docs/exchange.md): what a JWS carries, and the
 * answers a receiver gives. Pure: no keys, no clock; `activities/exchange/jws.ts` signs and checks.
 */
export interface ExchangeEnvelope {
  /** Administration (country code) that signed the message. */
  sender: string;
  /** Administration the message is for. */
  receiver: string;
  type: string;
  messageId: string;
  /** What the message is about: an MRN, or an alert id for alerts (domain/exchange/correlation.ts). */
  correlation: string;
  /** When the sender signed it (ISO 8601); the receiver checks it against its freshness window. */
  time: string;
  body: Record<string, unknown>;
}

/** An MRN (18 capitals and digits) or an alert id (`KZ-L` and 16 capitals and digits). */
export const CORRELATION_RE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

/** Why a receiver refuses a message (the code of a functional rejection, IE906/IE917 in spirit). */
export type RefusalCode =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'WRONG_RECEIVER'
  | 'STALE'
  | 'UNSUPPORTED_TYPE'
  | 'INVALID_BODY'
  | 'NOT_ENTITLED'
  | 'UNKNOWN_MOVEMENT'
  | 'REPLAYED_ID'
  | 'REFUSED_BY_CASE';

export interface Refusal {
  code: RefusalCode;
  text: string;
}

/** The body of the receiver's signed answer (type `ACK` or `IE906`), correlated by `inReplyTo`. */
export interface AnswerBody {
  inReplyTo: string;
  status: 'APPLIED' | 'REFUSED';
  /** The movement's state after an applied message. */
  state?: string;
  code?: RefusalCode;
  reason?: string;
}

export const ACK = 'ACK';
export const REJECTION = 'IE906';

/**
 * JSON with object keys in code-point order at every level and no whitespace (RFC 8785 for the
 * values JSON messages hold): the same envelope is the same bytes on every node, so the same
 * signing key gives the same JWS (Ed25519 is deterministic) and a content hash means one thing.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a JSON number');
    if (value === undefined) throw new Error('undefined is not JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What makes two deliveries the same message: everything but the signing time. A sender that retries
 * signs again with a fresh time; the receiver answers it as the message it already holds. The same
 * id with any other field changed is a replay with other content.
 */
export const contentOf = (e: ExchangeEnvelope): string => canonicalJson({ ...e, time: undefined });

/** The envelope's shape, checked before anything else is (the signature covers these bytes). */
export function envelopeProblems(v: unknown): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return ['payload: not a JSON object'];
  const o = v as Record<string, unknown>;
  const problems: string[] = [];
  const str = (k: string, re: RegExp) => {
    if (typeof o[k] !== 'string' || !re.test(o[k])) problems.push(`${k}: missing or malformed`);
  };
  str('sender', /^[A-Z]{2}$/);
  str('receiver', /^[A-Z]{2}$/);
  str('type', /^[A-Za-z0-9]{2,16}$/);
  str('messageId', /^[A-Za-z0-9._:/-]{1,200}$/);
  str('correlation', CORRELATION_RE);
  str('time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  if (typeof o.body !== 'object' || o.body === null || Array.isArray(o.body))
    problems.push('body: missing or not an object');
  const extra = Object.keys(o).filter(
    (k) => !['sender', 'receiver', 'type', 'messageId', 'correlation', 'time', 'body'].includes(k),
  );
  if (extra.length) problems.push(`unexpected fields: ${extra.join(', ')}`);
  return problems;
}

/** Whether `time` lies within `windowMs` of `now`, either side (clocks differ a little). */
export const isFresh = (time: string, now: Date, windowMs: number): boolean =>
  Math.abs(now.getTime() - Date.parse(time)) <= windowMs;
