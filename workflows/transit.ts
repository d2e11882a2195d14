import { condition, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ReserveRequest } from '../domain/guarantee';
import { controlDecision } from '../domain/transit/control';
import { buildItinerary, tirEventsOnArrival, tirEventsOnCrossing, type TirOperationEvent } from '../domain/transit/itinerary';
import {
  actingOffice,
  amendmentRefusal,
  arrivalRefusal,
  controlResultRefusal,
  crossingRefusal,
  enquiryResponseRefusal,
  incidentRefusal,
  resolutionRefusal,
  unloadingRefusal,
  type TransitState,
  type TransitWaitingState,
} from '../domain/transit/rules';
import {
  CaseKind,
  CaseState,
  Channel,
  Country,
  Office,
  Stuck,
  StuckSince,
  amendTransitGuarantee,
  answerEnquiry,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordIncident,
  recordUnloadingRemarks,
  resolveDiscrepancies,
  transitView,
  type DepartureControlResult,
  type Discrepancy,
  type TransitInput,
  type TransitView,
} from '../contracts';
import type { TimelineEvent } from '../contracts/timeline';
import { installSupervision } from './shell/supervision';

/**
 * Transit movement (`transit/<MRN>`), NCTS phase 5 and TIR style: guarantee reservation on the
 * guarantee workflow (through an activity that sends the `reserve` update), control decision,
 * release for transit with seals, itinerary and time limit, anticipated arrival/transit records to
 * the exchange outbox, officer messages as updates whose validators reject anything out of sequence,
 * then write-off, or enquiry and recovery. See docs/transit.md.
 */

/**
 * History-altering changes, each behind `patched()` so that movements started before it replay as
 * they ran (tests/replay holds histories from before and after):
 * - RECEIVING_OFFICE: messages for the office of destination also go to its own process
 *   (`arrival/<MRN>`, workflows/arrival.ts) through the exchange inbox; the write-off is sent there too.
 * - TRANSIT_SLA: waiting states run an SLA; a breach marks the movement stuck, a second escalates.
 */
export const TRANSIT_PATCHES = { RECEIVING_OFFICE: 'transit-receiving-office', TRANSIT_SLA: 'transit-sla' } as const;


type Acts = ReturnType<typeof createActivities>;
const acts = proxyActivities<Acts>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});
const debtActs = proxyActivities<Acts>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2, maximumAttempts: 5, nonRetryableErrorTypes: ['AssessmentError'] },
});

const nowIso = () => new Date(Date.now()).toISOString();
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();

export async function transitWorkflow(input: TransitInput): Promise<TransitView> {
  // Decided once, at the start: a movement keeps the behaviour it started with for its whole life.
  const receivingSide = patched(TRANSIT_PATCHES.RECEIVING_OFFICE);
  const slaOn = patched(TRANSIT_PATCHES.TRANSIT_SLA);
  const t = input.declaration;
  const caseId = workflowInfo().workflowId;
  const tir = t.declarationType === 'TIR' || t.guarantee.type === 'B';
  const g = t.guarantee;
  const view: TransitView = {
    caseId,
    kind: 'transit',
    mrn: input.mrn,
    lrn: t.lrn,
    declarant: t.holder.tin ?? t.holder.name,
    holder: t.holder.tin ?? t.holder.name,
    office: t.officeOfDeparture,
    country: t.officeOfDeparture.slice(0, 2),
    declarationType: t.declarationType,
    mode: tir ? 'TIR' : 'NCTS',
    ...(input.tirCarnetNumber ? { tirCarnetNumber: input.tirCarnetNumber } : {}),
    state: 'LODGED',
    guarantee: {
      type: g.type,
      ...(g.grn ? { grn: g.grn } : {}),
      ...(g.amountToBeCovered ? { amount: g.amountToBeCovered.amount, currency: g.amountToBeCovered.currency } : {}),
      status: g.type === '0' ? 'NONE' : 'PENDING',
    },
    seals: [...(t.transport.seals ?? [])],
    itinerary: buildItinerary(t),
    tirOperations: [],
    incidents: [],
    deadlines: {},
    stuck: false,
    payloadHash: input.payloadHash,
    timeline: [],
  };
  let guaranteeRef = { ...g };
  let amended = false;
  let control: DepartureControlResult | undefined;
  let enquiryAnswered = false;
  let resolved = false;
  /** Counts state entries, so the SLA watcher sees a state left and entered again. */
  let entered = 0;
  let arrivalRecordSent = false;
  const facts = () => ({ state: view.state, itinerary: view.itinerary, officeOfDeparture: t.officeOfDeparture, officeOfDestination: t.officeOfDestination, unloaded: view.unloading !== undefined });
  const refuse = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };
  const need = (v: unknown, what: string) => {
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`${what} is required`);
  };

  setHandler(transitView, () => view);

  // Supervisor actions: escalate and reassign are recorded; release and cancel of a movement go
  // through the NCTS messages (control result, arrival, enquiry), so the supervisor update refuses them.
  installSupervision({
    kind: 'transit movement',
    state: () => view.state,
    closed: () => (['WRITTEN_OFF', 'NOT_RELEASED'] as string[]).includes(view.state),
    record,
    view: () => view,
    changed: () => undefined,
    actions: {},
  });

  setHandler(
    amendTransitGuarantee,
    (a) => {
      guaranteeRef = { ...a.guarantee, type: a.guarantee.type as typeof g.type };
      view.guarantee = {
        type: a.guarantee.type,
        ...(a.guarantee.grn ? { grn: a.guarantee.grn } : {}),
        ...(a.guarantee.amountToBeCovered ? { amount: a.guarantee.amountToBeCovered.amount, currency: a.guarantee.amountToBeCovered.currency } : {}),
        status: a.guarantee.type === '0' ? 'NONE' : 'PENDING',
      };
      record({ type: 'amended', actor: a.by, reason: 'IE013 amendment: guarantee reference', data: { grn: a.guarantee.grn, type: a.guarantee.type } });
      amended = true;
      return view;
    },
    {
      validator: (a) => {
        refuse(amendmentRefusal(facts()));
        if (!a?.guarantee?.type) throw new Error('guarantee.type is required');
        if (a.guarantee.type !== '0' && !a.guarantee.grn) throw new Error(`guarantee type ${a.guarantee.type} needs a GRN`);
      },
    },
  );

  setHandler(
    recordDepartureControl,
    (c) => {
      control = c;
      if (c.seals?.length) view.seals = [...new Set([...view.seals, ...c.seals])];
      record({ type: 'control-result', actor: c.officer, reason: c.reason ?? c.result, data: { result: c.result, seals: c.seals ?? [] } });
      return view;
    },
    {
      validator: (c) => {
        refuse(controlResultRefusal(facts(), c.office));
        if (c.result !== 'CONFORM' && c.result !== 'NON_CONFORM') throw new Error(`unknown control result ${String(c.result)}`);
        if (c.result === 'CONFORM' && view.seals.length === 0 && !c.seals?.length) throw new Error('a conform control of unidentified goods must record the seals affixed');
      },
    },
  );

  setHandler(
    recordBorderCrossing,
    (c) => {
      const tirEvents = tir ? tirEventsOnCrossing(view.itinerary, c.office) : [];
      const stop = view.itinerary.find((s) => s.role === 'transit' && s.office === c.office)!;
      stop.crossedAt = nowIso();
      stop.crossedBy = c.officer;
      stop.sealsIntact = c.sealsIntact ?? true;
      record({ type: 'border-crossing', actor: c.officer, reason: `IE118 crossing at office of transit ${c.office}`, data: { office: c.office, sealsIntact: stop.sealsIntact } });
      recordTir(tirEvents, c.officer);
      return view;
    },
    {
      validator: (c) => {
        need(c?.office, 'office');
        refuse(crossingRefusal(facts(), c.office));
      },
    },
  );

  setHandler(
    recordIncident,
    (i) => {
      const incident = { seq: view.incidents.length + 1, at: nowIso(), type: i.type, description: i.description, country: i.country, ...(i.office ? { office: i.office } : {}), by: i.officer, ...(i.newSeals?.length ? { newSeals: i.newSeals } : {}) };
      view.incidents.push(incident);
      if (i.newSeals?.length) view.seals = [...i.newSeals];
      record({ type: 'incident', actor: i.officer, reason: `IE182 incident in ${i.country}: ${i.description}`, data: { type: i.type, newSeals: i.newSeals ?? [] } });
      return view;
    },
    {
      validator: (i) => {
        refuse(incidentRefusal(facts()));
        need(i?.description, 'description');
        if (!t.countriesOfRouting.includes(i.country)) throw new Error(`incident refused: ${i.country} is not a country of routing (${t.countriesOfRouting.join(', ')})`);
      },
    },
  );

  setHandler(
    notifyArrival,
    (a) => {
      if (view.state === 'ENQUIRY') record({ type: 'late-arrival', actor: a.officer, reason: 'arrival notified while the non-arrival enquiry was open: enquiry closed' });
      view.arrival = { office: a.office, at: nowIso(), by: a.officer };
      recordTir(tir ? tirEventsOnArrival(view.itinerary, a.office) : [], a.officer);
      transition('ARRIVED', a.officer, `IE007 arrival notification at ${a.office}`);
      return view;
    },
    {
      validator: (a) => {
        need(a?.office, 'office');
        refuse(arrivalRefusal(facts(), a.office));
      },
    },
  );

  setHandler(
    recordUnloadingRemarks,
    (u) => {
      view.unloading = { office: u.office, at: nowIso(), by: u.officer, conform: u.conform, discrepancies: u.conform ? [] : (u.discrepancies ?? []) };
      record({ type: 'unloading-remarks', actor: u.officer, reason: u.conform ? 'IE044 unloading remarks: conform' : `IE044 unloading remarks: ${u.discrepancies!.length} discrepancy(ies)`, data: { conform: u.conform, discrepancies: u.discrepancies ?? [] } });
      if (!u.conform) transition('DISCREPANCIES', u.officer, 'discrepancies found at unloading');
      return view;
    },
    {
      validator: (u) => {
        need(u?.office, 'office');
        refuse(unloadingRefusal(facts(), u.office));
        if (typeof u.conform !== 'boolean') throw new Error('conform must be true or false');
        if (!u.conform && !(u.discrepancies && u.discrepancies.length)) throw new Error('non-conform unloading remarks must list the discrepancies');
        const seqs = t.consignment.items.map((i) => i.seq);
        const listed: Discrepancy[] = u.discrepancies ?? [];
        const unknown = listed.filter((d) => d.itemSeq !== undefined && !seqs.includes(d.itemSeq));
        if (unknown.length) throw new Error(`discrepancy refers to item ${unknown[0].itemSeq}, which is not on the movement (items ${seqs.join(', ')})`);
      },
    },
  );

  setHandler(
    resolveDiscrepancies,
    (r) => {
      view.unloading!.resolution = r.resolution;
      resolved = true;
      record({ type: 'discrepancies-resolved', actor: r.officer, reason: r.resolution });
      return view;
    },
    {
      validator: (r) => {
        need(r?.office, 'office');
        refuse(resolutionRefusal(facts(), r.office));
        need(r.resolution, 'resolution');
      },
    },
  );

  setHandler(
    answerEnquiry,
    (e) => {
      view.enquiry!.answer = { at: nowIso(), by: e.by, ...(e.proof ? { proof: e.proof } : {}), ...(e.explanation ? { explanation: e.explanation } : {}) };
      enquiryAnswered = true;
      record({ type: 'enquiry-response', actor: e.by, reason: e.proof ? `IE141 enquiry response with proof: ${e.proof.kind} ${e.proof.reference}` : `IE141 enquiry response without proof${e.explanation ? `: ${e.explanation}` : ''}` });
      return view;
    },
    {
      validator: (e) => {
        refuse(enquiryResponseRefusal(facts()));
        if (view.enquiry?.answer) throw new Error('enquiry response refused: the enquiry was already answered');
        if (e?.proof && (!e.proof.kind || !e.proof.reference)) throw new Error('proof needs a kind and a reference');
      },
    },
  );

  // ---- the process ----
  transition('LODGED', input.lodgedBy, 'IE015 transit declaration lodged');
  if (slaOn) void watchSla(input.settings.slaByStateMs ?? {});
  transition('ACCEPTED', 'system', `IE028 MRN ${input.mrn} allocated`);
  await publish();

  if (!(await secureGuarantee())) return finish();

  const decision = controlDecision(t);
  view.channel = decision.channel;
  view.controlReasons = decision.reasons;
  record({ type: 'control-decision', actor: 'system', reason: `IE060 control decision ${decision.channel}: ${decision.reasons.join('; ')}`, data: { channel: decision.channel } });
  if (decision.channel === 'RED') {
    transition('UNDER_CONTROL', 'system', 'examination at departure');
    view.pending = { action: 'record the control result at departure', by: 'officer' };
    await publish();
    await condition(() => control !== undefined);
    view.pending = undefined;
    if (control!.result === 'NON_CONFORM') {
      await releaseReservation();
      transition('NOT_RELEASED', control!.officer, `IE051 no release: ${control!.reason ?? 'control result non-conform'}`);
      await send('holder', 'IE051', { reason: control!.reason ?? 'control result non-conform' });
      return finish();
    }
  }

  view.deadlines.transitTimeLimit = isoIn(input.settings.timeLimitMs);
  transition('RELEASED_FOR_TRANSIT', 'system', `IE029 released for transit; seals ${view.seals.join(', ') || 'none'}; time limit ${view.deadlines.transitTimeLimit}`);
  if (tir) recordTir([{ country: t.officeOfDeparture.slice(0, 2), action: 'started', office: t.officeOfDeparture }], 'system');
  await sendAnticipatedRecords();
  if (receivingSide) {
    await acts.deliverToReceivingOffice([receivingMessage(`${caseId}/AAR/${t.officeOfDestination}`, 'ANTICIPATED_ARRIVAL_RECORD', anticipatedRecord())]);
    arrivalRecordSent = true;
  }
  view.pending = { action: 'notify arrival at the office of destination', by: 'officer', deadline: view.deadlines.transitTimeLimit };
  await publish();

  const arrived = () => view.state === 'ARRIVED' || view.state === 'DISCREPANCIES';
  if (!(await condition(arrived, input.settings.timeLimitMs))) {
    view.deadlines.enquiryResponse = isoIn(input.settings.enquiryResponseMs);
    view.enquiry = { openedAt: nowIso() };
    transition('ENQUIRY', 'system', `transit time limit passed without arrival: IE140 enquiry to the holder, answer by ${view.deadlines.enquiryResponse}`);
    view.pending = { action: 'answer the non-arrival enquiry', by: 'holder', deadline: view.deadlines.enquiryResponse };
    await send('holder', 'IE140', { timeLimit: view.deadlines.transitTimeLimit, responseDeadline: view.deadlines.enquiryResponse });
    await send(`office:${t.officeOfDestination}`, 'IE140', { timeLimit: view.deadlines.transitTimeLimit });
    await publish();
    await condition(() => arrived() || enquiryAnswered, input.settings.enquiryResponseMs);
    view.pending = undefined;
    if (!arrived()) {
      const proof = view.enquiry.answer?.proof;
      if (proof) {
        await releaseReservation();
        view.closure = 'ENQUIRY_PROOF';
        transition('WRITTEN_OFF', view.enquiry.answer!.by, `IE045 write-off on alternative proof: ${proof.kind} ${proof.reference}`);
        await send('holder', 'IE045', { closure: 'ENQUIRY_PROOF', proof });
        return finish();
      }
      await recover('NON_ARRIVAL', []);
      return finish();
    }
  }

  // Arrived (on time, or late during the enquiry).
  view.pending = { action: 'record unloading remarks', by: 'officer' };
  await send(`office:${t.officeOfDeparture}`, 'IE006', { arrival: view.arrival });
  await send(`office:${t.officeOfDestination}`, 'IE043', { unloadingPermission: true, seals: view.seals });
  await publish();
  await condition(() => view.unloading !== undefined);
  view.pending = undefined;
  if (!view.unloading!.conform) {
    view.deadlines.discrepancyResolution = isoIn(input.settings.discrepancyResolutionMs);
    view.pending = { action: 'resolve the discrepancies', by: 'officer', deadline: view.deadlines.discrepancyResolution };
    await send(`office:${t.officeOfDeparture}`, 'IE019', { discrepancies: view.unloading!.discrepancies });
    await publish();
    const ok = await condition(() => resolved, input.settings.discrepancyResolutionMs);
    view.pending = undefined;
    if (!ok) {
      record({ type: 'discrepancies-unresolved', actor: 'system', reason: 'discrepancies not resolved in time' });
      const seqs = view.unloading!.discrepancies.map((d) => d.itemSeq).filter((s): s is number => s !== undefined);
      await recover('UNRESOLVED_DISCREPANCIES', seqs);
      return finish();
    }
  }
  await releaseReservation();
  view.closure = 'ARRIVAL';
  transition('WRITTEN_OFF', view.unloading!.by, 'IE045 write-off: arrived and unloaded');
  await send(`office:${t.officeOfDeparture}`, 'IE045', { closure: 'ARRIVAL' });
  await send('holder', 'IE025', { goodsReleased: true });
  return finish();

  // ---- steps ----

  /** Reserves the amount to be covered; on refusal waits for an amendment until the deadline. */
  async function secureGuarantee(): Promise<boolean> {
    for (;;) {
      if (guaranteeRef.type === '0') {
        view.guarantee.status = 'NONE';
        record({ type: 'guarantee', actor: 'system', reason: 'guarantee waiver (type 0): nothing to reserve' });
        return true;
      }
      const amount = guaranteeRef.amountToBeCovered ?? { currency: 'EUR', amount: '10000.00' };
      view.guarantee.amount = amount.amount;
      view.guarantee.currency = amount.currency;
      const request: ReserveRequest = {
        mrn: input.mrn,
        amount: amount.amount,
        currency: amount.currency,
        accessCode: guaranteeRef.accessCode ?? '',
        countries: t.countriesOfRouting,
        offices: view.itinerary.map((s) => s.office),
      };
      const res = await acts.reserveOnGuarantee(guaranteeRef.grn ?? '', request);
      if (res.ok) {
        view.guarantee.status = 'RESERVED';
        view.guarantee.reservedAt = res.reservation.reservedAt;
        view.guarantee.refusal = undefined;
        record({ type: 'guarantee-reserved', actor: 'system', reason: `${amount.amount} ${amount.currency} reserved on guarantee ${guaranteeRef.grn}`, data: { grn: guaranteeRef.grn, amount: amount.amount } });
        view.deadlines.amendment = undefined;
        return true;
      }
      view.guarantee.status = 'REFUSED';
      view.guarantee.refusal = res.reason;
      view.deadlines.amendment = isoIn(input.settings.amendmentDeadlineMs);
      transition('GUARANTEE_REFUSED', 'system', `IE055 guarantee not valid: ${res.reason}`);
      view.pending = { action: 'amend the guarantee reference', by: 'holder', deadline: view.deadlines.amendment };
      await send('holder', 'IE055', { reason: res.reason, amendBy: view.deadlines.amendment });
      await publish();
      amended = false;
      const got = await condition(() => amended, input.settings.amendmentDeadlineMs);
      view.pending = undefined;
      if (!got) {
        view.deadlines.amendment = undefined;
        transition('NOT_RELEASED', 'system', 'IE051 no release: the guarantee was not amended before the deadline');
        await send('holder', 'IE051', { reason: 'guarantee not valid and not amended in time' });
        return false;
      }
      transition('ACCEPTED', 'system', 'amended guarantee reference: reserving again');
    }
  }

  async function releaseReservation() {
    if (view.guarantee.status !== 'RESERVED' || !guaranteeRef.grn) return;
    await acts.releaseOnGuarantee(guaranteeRef.grn, input.mrn);
    view.guarantee.status = 'RELEASED';
    record({ type: 'guarantee-released', actor: 'system', reason: `reservation on guarantee ${guaranteeRef.grn} released` });
  }

  async function recover(basis: 'NON_ARRIVAL' | 'UNRESOLVED_DISCREPANCIES', itemSeqs: number[]) {
    const country = t.officeOfDestination.slice(0, 2);
    const date = nowIso().slice(0, 10);
    const currency = view.guarantee.currency ?? t.guarantee.amountToBeCovered?.currency ?? 'EUR';
    transition('RECOVERY', 'system', basis === 'NON_ARRIVAL' ? 'no answer with proof to the enquiry: recovery of the debt' : 'unresolved discrepancies: recovery of the debt on the goods concerned');
    let debt: { total: string; nationalCurrency: string; amount: string; itemSeqs: number[] };
    try {
      debt = await debtActs.computeRecoveryDebt({ declaration: t, country, date, guaranteeCurrency: currency, itemSeqs });
    } catch (err) {
      // No tariff line or rate for the goods: the guarantee answers for the full amount it secures.
      const amount = view.guarantee.amount ?? '0.00';
      record({ type: 'recovery-fallback', actor: 'system', reason: `debt could not be computed (${(err as Error).message}): the amount secured is charged` });
      debt = { total: amount, nationalCurrency: currency, amount, itemSeqs };
    }
    view.recovery = { basis, country, date, nationalCurrency: debt.nationalCurrency, total: debt.total, amount: debt.amount, currency, itemSeqs: debt.itemSeqs };
    record({ type: 'debt-computed', actor: 'system', reason: `IE035 recovery: debt ${debt.total} ${debt.nationalCurrency} in ${country} = ${debt.amount} ${currency}`, data: { ...view.recovery } });
    if (view.guarantee.status === 'RESERVED' && guaranteeRef.grn) {
      const closed = await acts.chargeOnGuarantee(guaranteeRef.grn, input.mrn, debt.amount);
      view.guarantee.status = 'CHARGED';
      view.guarantee.charged = closed.charged;
      view.guarantee.uncovered = closed.uncovered;
      view.recovery.charged = closed.charged;
      view.recovery.uncovered = closed.uncovered;
      record({ type: 'guarantee-charged', actor: 'system', reason: `${closed.charged} ${currency} charged to guarantee ${guaranteeRef.grn}${closed.uncovered && closed.uncovered !== '0.00' ? `; ${closed.uncovered} not covered` : ''}` });
    } else {
      view.recovery.uncovered = debt.amount;
    }
    await send('holder', 'IE035', { recovery: view.recovery });
    view.closure = 'RECOVERY';
    transition('WRITTEN_OFF', 'system', 'written off after recovery');
  }

  function anticipatedRecord() {
    return { mrn: input.mrn, officeOfDeparture: t.officeOfDeparture, holder: t.holder, itinerary: view.itinerary.map((s) => s.office), seals: view.seals, timeLimit: view.deadlines.transitTimeLimit, items: t.consignment.items, transport: t.transport };
  }

  function receivingMessage(messageId: string, type: string, payload: Record<string, unknown>) {
    return { messageId, type, from: `office:${t.officeOfDeparture}`, sentAt: nowIso(), payload, mrn: input.mrn, officeOfDestination: t.officeOfDestination, movementCaseId: caseId };
  }

  async function sendAnticipatedRecords() {
    const record = anticipatedRecord();
    await acts.enqueueExchangeMessages([
      { messageId: `${caseId}/AAR/${t.officeOfDestination}`, caseId, destination: `office:${t.officeOfDestination}`, type: 'ANTICIPATED_ARRIVAL_RECORD', payload: record },
      ...t.officesOfTransit.map((o) => ({ messageId: `${caseId}/ATR/${o}`, caseId, destination: `office:${o}`, type: 'ANTICIPATED_TRANSIT_RECORD', payload: record })),
    ]);
  }

  async function send(to: string, type: string, payload: Record<string, unknown>) {
    const destination = to === 'holder' ? `holder:${view.holder}` : to;
    const messageId = `${caseId}/${type}/${destination}/${view.timeline.length}`;
    await acts.enqueueExchangeMessages([{ messageId, caseId, destination, type, payload: { mrn: input.mrn, ...payload } }]);
    if (arrivalRecordSent && destination === `office:${t.officeOfDestination}`) await acts.deliverToReceivingOffice([receivingMessage(messageId, type, { mrn: input.mrn, ...payload })]);
  }

  function recordTir(events: TirOperationEvent[], actor: string) {
    for (const e of events) {
      view.tirOperations.push({ ...e, at: nowIso() });
      record({ type: `tir-operation-${e.action}`, actor, reason: `TIR operation ${e.action} in ${e.country} at ${e.office}`, data: { country: e.country, office: e.office, carnet: input.tirCarnetNumber } });
    }
  }

  function record(e: Omit<TimelineEvent, 'seq' | 'at'>) {
    view.timeline.push({ seq: view.timeline.length + 1, at: nowIso(), ...e });
  }

  function transition(state: TransitState, actor: string, reason: string) {
    view.state = state;
    entered += 1;
    if (view.stuck) {
      view.stuck = false;
      view.stuckSince = undefined;
    }
    record({ type: 'state', state, actor, reason });
  }

  /**
   * Runs beside the process for its whole life: in each waiting state with an SLA, the first breach
   * marks the movement stuck and notifies the supervisor of the office acting in that state, the second
   * escalates; leaving the state clears the mark. A state's business deadline (time limit, enquiry,
   * amendment, discrepancies) is the main flow's, not this watcher's.
   */
  async function watchSla(sla: Partial<Record<TransitWaitingState, number>>) {
    while (!(['WRITTEN_OFF', 'NOT_RELEASED'] as string[]).includes(view.state)) {
      const here = entered;
      const state = view.state;
      const ms = sla[state as TransitWaitingState];
      const left = () => entered !== here;
      if (!ms) {
        await condition(left);
        continue;
      }
      for (let breaches = 1; breaches <= 2; breaches++) {
        if (await condition(left, ms)) break;
        if (breaches === 1) {
          view.stuck = true;
          view.stuckSince = nowIso();
          record({ type: 'sla-breach', state, actor: 'system', reason: `no progress in ${state} within SLA` });
        } else {
          view.escalations = (view.escalations ?? 0) + 1;
          record({ type: 'escalated', state, actor: 'system', reason: `SLA breached again in ${state}` });
        }
        const last = view.timeline[view.timeline.length - 1];
        const office = actingOffice(state as TransitWaitingState, t.officeOfDeparture, t.officeOfDestination);
        await acts.notifySupervisor({ caseId, mrn: input.mrn, office, state, kind: breaches === 1 ? 'stuck' : 'escalated', seq: last.seq, at: last.at, reason: last.reason ?? '' });
        await publish();
      }
      await condition(left);
    }
  }

  async function publish() {
    upsertSearchAttributes([
      { key: CaseKind, value: 'transit' },
      { key: CaseState, value: view.state },
      { key: Office, value: view.office },
      { key: Country, value: view.country },
      { key: Stuck, value: view.stuck },
      ...(slaOn ? [{ key: StuckSince, value: view.stuckSince ? new Date(view.stuckSince) : null }] : []),
      ...(view.channel ? [{ key: Channel, value: view.channel }] : []),
    ]);
    await acts.projectCase(view);
  }

  async function finish(): Promise<TransitView> {
    view.pending = undefined;
    // The office of destination's process closes on the write-off (all closures: arrival, proof, recovery).
    if (arrivalRecordSent && view.state === 'WRITTEN_OFF') await send(`office:${t.officeOfDestination}`, 'IE045', { closure: view.closure });
    await publish();
    return view;
  }
}
