import {
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  CaseKind,
  CaseState,
  Country,
  Office,
  Stuck,
  arrivalRecordView,
  exchangeMessage,
  type ArrivalRecordInput,
  type ArrivalRecordState,
  type ArrivalRecordView,
  type ExchangeMessage,
} from '../contracts';
import { installSupervision } from './shell/supervision';
import type { TimelineEvent } from '../contracts/timeline';

type Acts = ReturnType<typeof createActivities>;
const acts = proxyActivities<Acts>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString();
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/**
 * The office of destination's side of a transit movement (`arrival/<MRN>`). The departure side's
 * process starts it with signal-with-start when it releases the movement (the anticipated arrival
 * record) and signals it with what follows: unloading permission once the goods arrived (IE043), the
 * non-arrival enquiry (IE140) and the write-off (IE045), which closes it. It decides nothing about the
 * movement: the movement's rules stay in `transitWorkflow`. A message id seen before is ignored, so a
 * redelivered message changes nothing. See docs/transit.md.
 */
export async function arrivalRecordWorkflow(input: ArrivalRecordInput): Promise<ArrivalRecordView> {
  const view: ArrivalRecordView = {
    caseId: workflowInfo().workflowId,
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
  };
  const inbox: ExchangeMessage[] = [];
  const seen = new Set<string>();

  setHandler(arrivalRecordView, () => view);
  setHandler(exchangeMessage, (m) => {
    if (!m || typeof m.messageId !== 'string') return;
    if (seen.has(m.messageId)) {
      view.duplicatesIgnored += 1;
      return;
    }
    seen.add(m.messageId);
    inbox.push(m);
  });
  installSupervision({
    kind: 'arrival record',
    state: () => view.state,
    closed: () => view.state === 'WRITTEN_OFF',
    record,
    view: () => view,
    changed: () => undefined,
    actions: {},
  });

  for (;;) {
    await condition(() => inbox.length > 0);
    while (inbox.length) apply(inbox.shift()!);
    await publish();
    if (view.state === 'WRITTEN_OFF') return view;
  }

  function apply(m: ExchangeMessage) {
    view.received.push({ messageId: m.messageId, type: m.type, from: m.from, at: nowIso() });
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
        transition(
          'ANTICIPATED',
          m.from,
          `anticipated arrival record received: expected by ${view.expectedBy ?? 'the time limit'}`,
        );
        break;
      case 'IE043':
        if (strings(p.seals)) view.seals = strings(p.seals);
        transition('ARRIVED', m.from, 'IE043 unloading permission: the goods arrived');
        break;
      case 'IE140':
        transition(
          'ENQUIRY',
          m.from,
          `IE140 enquiry opened: the time limit${str(p.timeLimit) ? ` ${str(p.timeLimit)}` : ''} passed without arrival`,
        );
        break;
      case 'IE045':
        view.closure = str(p.closure);
        transition(
          'WRITTEN_OFF',
          m.from,
          `IE045 movement written off${view.closure ? ` (${view.closure})` : ''}`,
        );
        break;
      default:
        record({
          type: 'exchange-message',
          actor: m.from,
          reason: `${m.type} received`,
          data: { messageId: m.messageId },
        });
    }
  }

  function record(e: Omit<TimelineEvent, 'seq' | 'at'>) {
    view.timeline.push({ seq: view.timeline.length + 1, at: nowIso(), ...e });
  }
  function transition(state: ArrivalRecordState, actor: string, reason: string) {
    view.state = state;
    record({ type: 'state', state, actor, reason });
  }
  async function publish() {
    upsertSearchAttributes([
      { key: CaseKind, value: 'arrival' },
      { key: CaseState, value: view.state },
      { key: Office, value: view.office },
      { key: Country, value: view.country },
      { key: Stuck, value: false },
    ]);
    await acts.projectCase(view);
  }
}
