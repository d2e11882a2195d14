import type {
  ArrivalRecordInput,
  ArrivalRecordState,
  ArrivalRecordView,
  ExchangeMessage,
} from '../../contracts/arrival';
import type { Entry } from './movement';

/**
 * The office of destination's record of a movement (`arrival/<MRN>`) as one value: the view, the
 * message ids applied and the messages received but not applied yet. It decides nothing about the
 * movement: it takes what the departure side's process tells it, once per message id.
 */
export interface ArrivalRecord {
  view: ArrivalRecordView;
  seen: Set<string>;
  inbox: ExchangeMessage[];
}

export function newArrivalRecord(input: ArrivalRecordInput, caseId: string): ArrivalRecord {
  return {
    view: {
      caseId,
      kind: 'arrival',
      mrn: input.mrn,
      office: input.officeOfDestination,
      country: input.officeOfDestination.slice(0, 2),
      movementCaseId: input.movementCaseId,
      state: 'ANTICIPATED',
      received: [],
      duplicatesIgnored: 0,
      stuck: false,
      timeline: [],
    },
    seen: new Set(),
    inbox: [],
  };
}

export const arrivalRecordClosed = (r: ArrivalRecord): boolean => r.view.state === 'WRITTEN_OFF';

/**
 * The `exchangeMessage` signal (a signal cannot be refused): a message id seen before is counted and
 * dropped, so a redelivery changes nothing; anything without a message id is dropped.
 */
export function receiveMessage(r: ArrivalRecord, m: ExchangeMessage): 'queued' | 'duplicate' | 'ignored' {
  if (!m || typeof m.messageId !== 'string') return 'ignored';
  if (r.seen.has(m.messageId)) {
    r.view.duplicatesIgnored += 1;
    return 'duplicate';
  }
  r.seen.add(m.messageId);
  r.inbox.push(m);
  return 'queued';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const entering = (state: ArrivalRecordState, actor: string, reason: string): Entry => ({
  type: 'state',
  state,
  actor,
  reason,
});

/** Applies a received message; an unknown type is only recorded. */
export function applyMessage(r: ArrivalRecord, m: ExchangeMessage, at: string): Entry[] {
  const view = r.view;
  view.received.push({ messageId: m.messageId, type: m.type, from: m.from, at });
  const p = m.payload ?? {};
  switch (m.type) {
    case 'ANTICIPATED_ARRIVAL_RECORD':
      view.officeOfDeparture = str(p.officeOfDeparture) ?? view.officeOfDeparture;
      view.holder = p.holder;
      view.itinerary = strings(p.itinerary);
      view.seals = strings(p.seals);
      view.expectedBy = str(p.timeLimit);
      view.items = Array.isArray(p.items) ? p.items : undefined;
      view.transport = p.transport;
      return [
        entering(
          'ANTICIPATED',
          m.from,
          `anticipated arrival record received: expected by ${view.expectedBy ?? 'the time limit'}`,
        ),
      ];
    case 'IE043':
      if (strings(p.seals)) view.seals = strings(p.seals);
      return [entering('ARRIVED', m.from, 'IE043 unloading permission: the goods arrived')];
    case 'IE140': {
      const limit = str(p.timeLimit);
      return [
        entering(
          'ENQUIRY',
          m.from,
          `IE140 enquiry opened: the time limit${limit ? ` ${limit}` : ''} passed without arrival`,
        ),
      ];
    }
    case 'IE045':
      view.closure = str(p.closure);
      return [
        entering(
          'WRITTEN_OFF',
          m.from,
          `IE045 movement written off${view.closure ? ` (${view.closure})` : ''}`,
        ),
      ];
    default:
      return [
        {
          type: 'exchange-message',
          actor: m.from,
          reason: `${m.type} received`,
          data: { messageId: m.messageId },
        },
      ];
  }
}
