import { nowIso } from '../shell/case';
import { acts } from './proxies';
import { step, type Run } from './run';

/**
 * The movement's messages: to the exchange outbox (holder, offices, partners) and, once the office of
 * destination's process has the anticipated arrival record, to that process too (exchange inbox and
 * signal-with-start to `arrival/<MRN>`, workflows/arrival).
 */

function anticipatedRecord(run: Run) {
  const { s, input } = run;
  const t = s.declaration;
  return {
    mrn: input.mrn,
    officeOfDeparture: t.officeOfDeparture,
    holder: t.holder,
    itinerary: s.view.itinerary.map((x) => x.office),
    seals: s.view.seals,
    timeLimit: s.view.deadlines.transitTimeLimit,
    items: t.consignment.items,
    transport: t.transport,
  };
}

function receivingMessage(run: Run, messageId: string, type: string, payload: Record<string, unknown>) {
  const t = run.s.declaration;
  return {
    messageId,
    type,
    from: `office:${t.officeOfDeparture}`,
    sentAt: nowIso(),
    payload,
    mrn: run.input.mrn,
    officeOfDestination: t.officeOfDestination,
    movementCaseId: run.caseId,
  };
}

/** At release: the anticipated arrival record to the destination, a transit record to each office of transit. */
export async function sendAnticipatedRecords(run: Run): Promise<void> {
  const { caseId, s } = run;
  const t = s.declaration;
  const record = anticipatedRecord(run);
  const records = [
    {
      messageId: `${caseId}/AAR/${t.officeOfDestination}`,
      caseId,
      destination: `office:${t.officeOfDestination}`,
      type: 'ANTICIPATED_ARRIVAL_RECORD',
      payload: record,
    },
    ...t.officesOfTransit.map((o) => ({
      messageId: `${caseId}/ATR/${o}`,
      caseId,
      destination: `office:${o}`,
      type: 'ANTICIPATED_TRANSIT_RECORD',
      payload: record,
    })),
  ];
  await step(run, 'outbox write', () => acts.enqueueExchangeMessages(records));
  if (!run.receivingSide) return;
  const arrival = receivingMessage(
    run,
    `${caseId}/AAR/${t.officeOfDestination}`,
    'ANTICIPATED_ARRIVAL_RECORD',
    anticipatedRecord(run),
  );
  await step(run, 'delivery to the office of destination', () => acts.deliverToReceivingOffice([arrival]));
  s.arrivalRecordSent = true;
}

/** To `holder` or `office:<code>`; the message id is unique per case, type, destination and step. */
export async function send(
  run: Run,
  to: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const { caseId, s } = run;
  const destination = to === 'holder' ? `holder:${s.view.holder}` : to;
  const messageId = `${caseId}/${type}/${destination}/${s.view.timeline.length}`;
  const body = { mrn: run.input.mrn, ...payload };
  const message = { messageId, caseId, destination, type, payload: body };
  await step(run, 'outbox write', () => acts.enqueueExchangeMessages([message]));
  if (s.arrivalRecordSent && destination === `office:${s.declaration.officeOfDestination}`) {
    const received = receivingMessage(run, messageId, type, body);
    await step(run, 'delivery to the office of destination', () => acts.deliverToReceivingOffice([received]));
  }
}
