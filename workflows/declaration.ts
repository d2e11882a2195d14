import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { SEVERITY, mostSevere, type Channel } from '../domain/channels';
import { mergeChanges } from '../domain/declaration/amendment';
import {
  amendmentRefusal,
  controlResultRefusal,
  invalidationRefusal,
  presentationRefusal,
  queryAnswerRefusal,
  rerouteRefusal,
  type DeclarationFacts,
} from '../domain/declaration/refusals';
import { Dec } from '../domain/money';
import type { Declaration } from '../domain/schemas/declaration';
import {
  CaseKind,
  CaseState,
  Channel as ChannelAttr,
  Country,
  FINAL_DECLARATION_STATES,
  Office,
  Stuck,
  StuckSince,
  amendDeclaration,
  answerQuery,
  caseView,
  confirmPayment,
  intelligenceHit,
  invalidateDeclaration,
  presentGoods,
  recordControlResult,
  reroute,
  type ControlDecision,
  type DeclarationInput,
  type DeclarationState,
  type DeclarationView,
  type IntelligenceHit,
  type Invalidation,
  type Payment,
  type QueryAnswer,
  type Reroute,
  type WaitingState,
} from '../contracts';
import type { PendingAction, TimelineEvent } from '../contracts/timeline';
import { installSupervision } from './shell/supervision';

export type { DeclarationInput, DeclarationSettings } from '../contracts';

type Activities = ReturnType<typeof createActivities>;

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});
// Risk and duties read reference data and profiles: a bad profile or missing tariff line is a
// non-retryable failure (typed in the activities); transient errors are retried a few times.
const scoring = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2, maximumAttempts: 10 },
});

const refuse = (reason: string | undefined) => {
  if (reason) throw new Error(reason);
};
const PRE_LODGED_TYPES: readonly string[] = ['D', 'E', 'F'];
const nowIso = () => new Date(Date.now()).toISOString(); // workflow time: deterministic in replay
const isoAt = (ms: number) => new Date(ms).toISOString();

/**
 * The declaration process (ARCHITECTURE.md §3; docs/declaration-process.md):
 * LODGED -> ACCEPTED -> [AWAITING_PRESENTATION] -> RISK_ASSESSED (channel) -> [QUERIED] ->
 * [UNDER_CONTROL] -> DUTIES_ASSESSED -> [AWAITING_PAYMENT] -> RELEASED | NOT_RELEASED, with REJECTED
 * (pre-lodgement deadline), INVALIDATED and HELD (amended declaration no longer valid, duties not
 * assessable: waits for an amendment). Every waiting state runs an SLA timer: stuck, then escalated.
 */
export async function declarationWorkflow(input: DeclarationInput): Promise<DeclarationView> {
  const caseId = workflowInfo().workflowId;
  const s = input.settings;
  const d = input.declaration;
  const view: DeclarationView = {
    caseId,
    kind: 'declaration',
    mrn: input.mrn,
    lrn: d.lrn,
    declarant: d.declarant.tin ?? d.declarant.name,
    lodgedBy: input.lodgedBy,
    office: d.officeOfDeclaration,
    country: d.officeOfDeclaration.slice(0, 2),
    type: d.type,
    state: 'LODGED',
    channelReasons: [],
    amendments: 0,
    intelligenceHits: [],
    auditRequested: false,
    stuck: false,
    escalations: 0,
    payloadHash: input.payloadHash,
    declaration: d,
    timeline: [],
  };

  // What the handlers hand to the main loop. The loop reacts; handlers only validate and record.
  let presented = !PRE_LODGED_TYPES.includes(d.additionalType);
  let restart: 'amendment' | 'intelligence' | undefined;
  let needRisk = true;
  let riskRound = 0;
  let standByOpen = false;
  let control: ControlDecision | undefined;
  let pendingReroute: Reroute | undefined;
  let answer: QueryAnswer | undefined;
  let invalidation: Invalidation | undefined;
  let forcedRed: string | undefined;
  const payments: Payment[] = [];
  let paymentsSeen = 0;
  const afterRelease: IntelligenceHit[] = [];
  let acceptanceDate = input.lodgedAt.slice(0, 10);
  let waiting: { state: string; sla: number; nextBreach: number; breaches: number; deadlineAt?: number } = { state: 'LODGED', sla: s.slaMs, nextBreach: 0, breaches: 0 };

  let supervisorRelease: { actor: string; reason: string } | undefined;
  let cancellation: { actor: string; reason: string } | undefined;
  let rescheduled = false;
  const isFinal = () => FINAL_DECLARATION_STATES.includes(view.state);
  const released = () => view.state === 'RELEASED';
  const facts = (): DeclarationFacts => ({
    state: view.state,
    office: view.office,
    ...(view.channel ? { channel: view.channel } : {}),
    standByOpen,
    controlRecorded: !!control,
    rerouteRequested: !!pendingReroute,
    presented,
    queryAnswered: !!answer,
    invalidationRequested: !!invalidation,
    amendments: view.amendments,
  });

  setHandler(caseView, () => view);

  // Supervisor actions (release | escalate | reassign | extend-deadline | cancel), each in the timeline.
  installSupervision({
    kind: 'declaration',
    state: () => view.state,
    closed: () => isFinal() || !!invalidation || !!cancellation,
    record,
    view: () => view,
    changed: updateSearchAttributes,
    actions: {
      release: {
        refusal: () =>
          view.state !== 'UNDER_CONTROL' || control || supervisorRelease
            ? `release applies to a case waiting for a control result; the case is ${view.state} (duties must still be paid or secured)`
            : undefined,
        apply: (a) => {
          supervisorRelease = { actor: a.actor, reason: a.reason };
          // Ends the pending control as conform: the case goes on to duties and payment.
          control = {
            office: view.office,
            officerId: a.actor,
            controlType: view.control?.type ?? 'DOCUMENTARY',
            outcome: 'CONFORM',
            findings: [],
            remarks: `released from control by supervisor: ${a.reason}`,
            completedAt: nowIso(),
            refuseRelease: false,
          };
          record({ type: 'supervisor-release', state: view.state, actor: a.actor, reason: a.reason });
        },
      },
      escalate: {
        apply: (a) => {
          view.escalations += 1;
          record({ type: 'escalated', state: view.state, actor: a.actor, reason: a.reason });
        },
      },
      reassign: {
        apply: (a) => {
          view.assignedTo = a.assignee;
          record({ type: 'reassigned', state: view.state, actor: a.actor, reason: a.reason, data: { assignee: a.assignee } });
        },
      },
      'extend-deadline': {
        refusal: () => (waiting.state !== view.state || !view.pending ? `no deadline is pending: the case is ${view.state}` : undefined),
        apply: (a) => {
          if (waiting.deadlineAt !== undefined) waiting.deadlineAt += a.extendByMs!;
          else waiting.nextBreach += a.extendByMs!;
          if (view.pending) view.pending.deadline = isoAt(waiting.deadlineAt ?? waiting.nextBreach);
          rescheduled = true;
          record({ type: 'deadline-extended', state: view.state, actor: a.actor, reason: a.reason, data: { extendByMs: a.extendByMs, deadline: view.pending?.deadline } });
        },
      },
      cancel: {
        apply: (a) => {
          cancellation = { actor: a.actor, reason: a.reason };
          // Rides the invalidation path, which every wait already watches; it ends in CANCELLED.
          invalidation = { by: 'customs', actor: a.actor, reason: a.reason };
          record({ type: 'cancel-requested', state: view.state, actor: a.actor, reason: a.reason });
        },
      },
    },
  });

  setHandler(
    recordControlResult,
    (c) => {
      control = c;
      record({
        type: 'control-result',
        actor: c.officerId,
        reason: c.remarks ?? `${c.controlType} control: ${c.outcome}${c.refuseRelease ? ', release refused' : ''}`,
        data: { outcome: c.outcome, findings: c.findings, refuseRelease: c.refuseRelease, corrected: c.corrections !== undefined },
      });
      return view;
    },
    {
      validator: (c) => refuse(controlResultRefusal(facts(), c)),
    },
  );

  setHandler(
    reroute,
    (cmd) => {
      pendingReroute = cmd;
      record({ type: 'reroute-requested', actor: cmd.actor, reason: cmd.reason, data: { from: view.channel, to: cmd.channel, role: cmd.role } });
      return view;
    },
    {
      validator: (cmd) => refuse(rerouteRefusal(facts(), cmd)),
    },
  );

  setHandler(
    presentGoods,
    (cmd) => {
      presented = true;
      record({ type: 'goods-presented', actor: cmd.actor, reason: cmd.remarks ?? `goods presented at ${cmd.office}` });
      return view;
    },
    {
      validator: (cmd) => refuse(presentationRefusal(facts(), cmd)),
    },
  );

  setHandler(
    amendDeclaration,
    (req) => {
      view.declaration = mergeChanges(currentDeclaration(), req.amendment.changes);
      view.amendments += 1;
      needRisk = true;
      restart = 'amendment';
      record({ type: 'amended', actor: req.actor, reason: req.amendment.reason, data: { sections: Object.keys(req.amendment.changes) } });
      return view;
    },
    {
      validator: (cmd) => refuse(amendmentRefusal(facts(), cmd)),
    },
  );

  setHandler(
    invalidateDeclaration,
    (cmd) => {
      invalidation = cmd;
      record({ type: 'invalidation-requested', actor: cmd.actor, reason: cmd.reason, data: { by: cmd.by } });
      return view;
    },
    {
      validator: (cmd) => refuse(invalidationRefusal(facts(), cmd)),
    },
  );

  setHandler(
    answerQuery,
    (cmd) => {
      answer = cmd;
      if (view.query) {
        view.query.answer = answer.answer;
        view.query.answeredAt = nowIso();
      }
      record({ type: 'query-answered', actor: cmd.actor, reason: 'declarant answered the query' });
      return view;
    },
    {
      validator: (cmd) => refuse(queryAnswerRefusal(facts(), cmd)),
    },
  );

  setHandler(confirmPayment, (p) => {
    payments.push(p);
    record({ type: 'payment-received', actor: p.actor, reason: `${p.method === 'GUARANTEE' ? `guarantee ${p.grn}` : `${p.amount} ${p.currency}`} (${p.reference})` });
  });

  setHandler(intelligenceHit, (hit) => {
    const after = released();
    view.intelligenceHits.push({ ...hit, at: nowIso(), afterRelease: after });
    if (after) {
      afterRelease.push(hit);
      view.auditRequested = true;
      record({ type: 'intelligence-hit', actor: hit.source, reason: `${hit.reason} (after release: recorded for post-entry audit)`, data: { alertId: hit.alertId } });
      return;
    }
    if (isFinal()) {
      record({ type: 'intelligence-hit', actor: hit.source, reason: `${hit.reason} (case already ${view.state})`, data: { alertId: hit.alertId } });
      return;
    }
    forcedRed = `intelligence hit ${hit.alertId}: ${hit.reason}`;
    record({ type: 'intelligence-hit', actor: hit.source, reason: `${hit.reason} (forces RED)`, data: { alertId: hit.alertId } });
    // A physical examination already pending covers it; anywhere else the case goes back to risk.
    if (!(view.state === 'UNDER_CONTROL' && view.channel === 'RED' && !control)) restart = restart ?? 'intelligence';
  });

  // ------------------------------------------------------------------------------------------
  // The process

  transition('LODGED', input.lodgedBy, 'declaration lodged');
  acceptanceDate = nowIso().slice(0, 10);
  transition('ACCEPTED', 'system', `valid; MRN ${input.mrn} allocated`);
  await publish('accepted');

  if (!presented) {
    enter('AWAITING_PRESENTATION', `pre-lodged (additional type ${d.additionalType}): waiting for the goods to be presented`, { action: `present the goods at ${view.office}`, by: 'officer' }, s.presentationDeadlineMs);
    await publish();
    const r = await waitIn(() => presented || !!invalidation);
    if (invalidation) return (await endInvalidated(), view);
    if (r === 'deadline') return (await end('REJECTED', 'system', 'goods not presented before the pre-lodgement deadline'), view);
  }

  while ((await clearance()) === 'restart');
  if (!released()) return view;

  // Released: the case stays open for a customs invalidation and for intelligence hits (recorded
  // for the post-entry audit process), then completes.
  const until = Date.now() + (s.postReleaseMs ?? 0);
  let auditsSent = 0;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) break;
    await condition(() => !!invalidation || afterRelease.length > auditsSent, left);
    if (invalidation) return (await endInvalidated(), view);
    if (afterRelease.length > auditsSent) {
      const hits = afterRelease.slice(auditsSent);
      auditsSent = afterRelease.length;
      await acts.enqueueDeclarationMessages(
        hits.map((h) => ({
          messageId: `${caseId}/audit/${h.alertId}`,
          caseId,
          destination: `office:${view.office}`,
          type: 'post-entry-audit-requested',
          payload: { mrn: view.mrn, alertId: h.alertId, reason: h.reason, severity: h.severity },
        })),
      );
      await project();
    }
  }
  return view;

  // ------------------------------------------------------------------------------------------

  /** One pass from risk to release. 'restart' after an amendment or an intelligence hit. */
  async function clearance(): Promise<'done' | 'restart'> {
    const why = restart;
    restart = undefined;
    if (why === 'amendment') {
      const v = await acts.validateDeclarationReferences(currentDeclaration());
      if (invalidation) return endInvalidated();
      if (!v.ok) return hold(`amended declaration not valid: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    if (restart) return 'restart';

    const previous = view.channel;
    let channel: Channel;
    if (needRisk) {
      riskRound += 1;
      const decision = await scoring.assessDeclarationRisk({
        declaration: currentDeclaration(),
        mrn: input.mrn,
        seed: caseId, // the workflow id: the same draw on every replay and after every amendment
        office: view.office,
        acceptanceDate,
        eventKey: `${caseId}/risk/${riskRound}`,
      });
      needRisk = false;
      view.risk = {
        profileId: decision.profileId,
        profileVersion: decision.profileVersion,
        round: riskRound,
        seed: decision.seed,
        draw: decision.randomSelection.draw,
        randomlySelected: decision.randomSelection.selected,
        score: decision.score,
        engineChannel: decision.channel,
        hits: decision.hits,
        explanation: decision.explanation,
      };
      channel = decision.channel;
      view.channelReasons = [`risk profile ${decision.profileId} v${decision.profileVersion}: ${decision.explanation.at(-2) ?? ''} -> ${decision.channel}`.trim()];
      for (const h of decision.hits) view.channelReasons.push(`${h.ruleId}: ${h.reason}`);
    } else {
      channel = view.channel ?? 'GREEN';
    }
    if (forcedRed && channel !== 'RED') {
      channel = 'RED';
      view.channelReasons.push(forcedRed);
    }
    if (previous && why && SEVERITY[previous] > SEVERITY[channel]) {
      channel = mostSevere(channel, previous);
      view.channelReasons.push(`stays ${previous}: a case selected for control is not lowered by an amendment`);
    }
    if (restart) return 'restart';
    if (invalidation) return endInvalidated();
    view.channel = channel;
    transition('RISK_ASSESSED', 'system', `channel ${channel}${view.risk ? ` (score ${view.risk.score}${view.risk.randomlySelected ? ', randomly selected' : ''})` : ''}`);
    await publish('risk-decision');

    // Channel handling; a re-routing loops back here with the new channel.
    let rerouted = false;
    route: for (;;) {
      const ch = view.channel!;
      if (ch === 'GREEN' && (s.standByMs ?? 0) > 0 && !rerouted) {
        standByOpen = true;
        view.pending = { action: 'stand-by: an officer may re-route this green case', by: 'officer', deadline: isoAt(Date.now() + s.standByMs!) };
        await project();
        await condition(() => !!pendingReroute || !!restart || !!invalidation, s.standByMs!);
        standByOpen = false;
        view.pending = undefined;
        if (invalidation) return endInvalidated();
        if (restart) return 'restart';
        if (pendingReroute) {
          applyReroute();
          rerouted = true;
          continue route;
        }
        record({ type: 'stand-by-ended', actor: 'system', reason: 'stand-by window closed without re-routing' });
      }
      if (ch === 'GREEN' || ch === 'BLUE') {
        if (ch === 'BLUE' && !view.auditRequested) {
          view.auditRequested = true;
          record({ type: 'audit-requested', actor: 'system', reason: 'BLUE channel: released with post-entry audit' });
          await acts.enqueueDeclarationMessages([
            { messageId: `${caseId}/audit/blue`, caseId, destination: `office:${view.office}`, type: 'post-entry-audit-requested', payload: { mrn: view.mrn, reason: 'BLUE channel' } },
          ]);
        }
        break;
      }
      let controlType: 'DOCUMENTARY' | 'PHYSICAL' = ch === 'RED' ? 'PHYSICAL' : 'DOCUMENTARY';
      if (ch === 'QUERY') {
        answer = undefined;
        const question =
          view.risk?.hits.filter((h) => h.forcedChannel === 'QUERY').map((h) => h.reason).join('; ') || view.channelReasons.at(-1) || 'customs query';
        view.query = { question, askedAt: nowIso() };
        enter('QUERIED', question, { action: 'answer the customs query', by: 'declarant' }, s.queryDeadlineMs);
        await publish('query');
        const r = await waitIn(() => !!answer || !!pendingReroute || !!restart || !!invalidation);
        if (invalidation) return endInvalidated();
        if (restart) return 'restart';
        if (pendingReroute) {
          applyReroute();
          rerouted = true;
          continue route;
        }
        if (r === 'deadline') return end('NOT_RELEASED', 'system', 'the query was not answered before its deadline');
        controlType = 'DOCUMENTARY'; // the answer is checked by an officer
      }
      control = undefined;
      view.control = { type: controlType, channel: ch, requestedAt: nowIso() };
      enter('UNDER_CONTROL', `${controlType === 'PHYSICAL' ? 'physical examination' : 'documentary check'} (channel ${ch})`, {
        action: `record the ${controlType.toLowerCase()} control result`,
        by: 'officer',
      });
      await publish('control-required');
      await waitIn(() => !!control || !!pendingReroute || !!restart || !!invalidation);
      if (invalidation) return endInvalidated();
      if (control) {
        const c: ControlDecision = control;
        view.control.result = c;
        // A supervisor's release is no control finding: rule hit rates learn only from real controls.
        if (view.risk && !supervisorRelease) {
          await acts.recordRiskControlOutcome({
            eventKey: `${caseId}/control/${view.timeline.length}`,
            profileId: view.risk.profileId,
            ruleIds: view.risk.hits.map((h) => h.ruleId),
            outcome: c.refuseRelease ? 'REFUSED' : c.outcome,
            ...(view.declaration.declarant.tin ? { declarantTin: view.declaration.declarant.tin } : {}),
          });
        }
        if (c.refuseRelease) return end('NOT_RELEASED', c.officerId, `release refused after ${c.controlType.toLowerCase()} control: ${c.remarks ?? c.outcome}`);
        if (c.corrections) {
          view.declaration = mergeChanges(currentDeclaration(), c.corrections);
          record({ type: 'corrected', actor: c.officerId, reason: 'declaration corrected as found at control; duties re-assessed', data: { sections: Object.keys(c.corrections) } });
        }
        // `control` stays set until the next control is requested: a second result is refused.
        break;
      }
      if (restart) return 'restart';
      if (pendingReroute) {
        applyReroute();
        rerouted = true;
        continue route;
      }
    }

    // Duties
    let assessed;
    try {
      assessed = await scoring.assessDeclarationDuties(currentDeclaration(), acceptanceDate);
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
        return hold(`duties could not be assessed: ${err.cause.message}`);
      }
      throw err;
    }
    if (restart) return 'restart';
    if (invalidation) return endInvalidated();
    const a = assessed.value;
    view.duties = { currency: a.currency, totals: a.totals, items: a.items, explanation: assessed.steps, assessedAt: nowIso() };
    transition('DUTIES_ASSESSED', 'system', `duties and taxes ${a.totals.total} ${a.currency} (duty ${a.totals.duty}, excise ${a.totals.excise}, VAT ${a.totals.vat})`);
    await publish('duties-assessed');

    const due = new Dec(a.totals.total);
    const prior = view.payment;
    view.payment = { due: a.totals.total, currency: a.currency, paid: prior?.paid ?? '0.00', receipts: prior?.receipts ?? [], ...(prior?.secured ? { secured: prior.secured } : {}) };
    const covered = () => new Dec(view.payment!.paid).plus(view.payment!.secured?.amount ?? '0');
    if (covered().lessThan(due)) {
      enter('AWAITING_PAYMENT', `${due.minus(covered()).toFixed(2)} ${a.currency} to pay or secure`, {
        action: `pay or secure ${due.minus(covered()).toFixed(2)} ${a.currency}`,
        by: 'declarant',
      });
      await publish('payment-required');
      for (;;) {
        await waitIn(() => payments.length > paymentsSeen || !!restart || !!invalidation);
        if (invalidation) return endInvalidated();
        if (restart) return 'restart';
        while (paymentsSeen < payments.length) await applyPayment(payments[paymentsSeen++], due.minus(covered()), a.currency);
        if (!covered().lessThan(due)) break;
        if (view.pending) view.pending.action = `pay or secure ${due.minus(covered()).toFixed(2)} ${a.currency}`;
        await project();
      }
    }
    if (restart) return 'restart';
    return end('RELEASED', 'system', due.isZero() ? 'nothing to pay' : view.payment.secured ? 'duties paid or secured by guarantee' : 'duties paid');
  }

  async function applyPayment(p: Payment, outstanding: InstanceType<typeof Dec>, currency: string) {
    const pay = view.payment!;
    if (p.method === 'PAYMENT') {
      if (p.currency !== currency) {
        record({ type: 'payment-refused', actor: 'system', reason: `payment ${p.reference} in ${p.currency}, duties are due in ${currency}` });
        return;
      }
      pay.paid = new Dec(pay.paid).plus(p.amount!).toFixed(2);
      pay.receipts.push({ reference: p.reference, amount: p.amount!, method: 'PAYMENT', at: nowIso() });
      record({ type: 'payment-confirmed', actor: p.actor, reason: `${p.amount} ${currency} paid (${p.reference}); ${pay.paid} of ${pay.due} covered` });
      return;
    }
    const amount = outstanding.toFixed(2);
    const res = await acts.reserveOnGuarantee(p.grn!, {
      mrn: view.mrn,
      amount,
      currency,
      accessCode: p.accessCode!,
      countries: [view.country],
      offices: [view.office],
    });
    if (res.ok) {
      pay.secured = { grn: p.grn!, amount: new Dec(pay.secured?.amount ?? '0').plus(amount).toFixed(2) };
      pay.receipts.push({ reference: p.reference, amount, method: 'GUARANTEE', at: nowIso() });
      record({ type: 'duties-secured', actor: p.actor, reason: `${amount} ${currency} secured on guarantee ${p.grn}` });
    } else {
      record({ type: 'guarantee-refused', actor: 'system', reason: `guarantee ${p.grn} refused: ${res.reason}` });
    }
  }

  function applyReroute() {
    const r = pendingReroute!;
    pendingReroute = undefined;
    const from = view.channel;
    view.channel = r.channel;
    view.channelReasons.push(`re-routed ${from} -> ${r.channel} by ${r.role} ${r.actor}: ${r.reason}`);
    record({ type: 'rerouted', state: view.state, actor: r.actor, reason: r.reason, data: { from, to: r.channel, role: r.role } });
    updateSearchAttributes();
  }

  /** Waits for an amendment (or an invalidation) after the declaration could not go on. */
  async function hold(reason: string): Promise<'done' | 'restart'> {
    enter('HELD', reason, { action: 'amend the declaration', by: 'declarant' });
    await publish('held');
    await waitIn(() => !!restart || !!invalidation);
    if (invalidation) return endInvalidated();
    return 'restart';
  }

  function currentDeclaration(): Declaration {
    return view.declaration;
  }

  function endInvalidated(): Promise<'done'> {
    if (cancellation) return end('CANCELLED', cancellation.actor, `cancelled by supervisor: ${cancellation.reason}`);
    const inv = invalidation!;
    return end('INVALIDATED', inv.actor, `${inv.by === 'customs' ? 'invalidated by customs' : "invalidated at the declarant's request"}: ${inv.reason}`);
  }

  /** Enters a final state, projects it and queues the decision for the clearance system. */
  async function end(state: DeclarationState, actor: string, reason: string): Promise<'done'> {
    transition(state, actor, reason);
    await publish(state.toLowerCase().replace('_', '-'));
    return 'done';
  }

  // ------------------------------------------------------------------------------------------
  // Timeline, SLA, projection

  function record(e: Omit<TimelineEvent, 'seq' | 'at'>) {
    view.timeline.push({ seq: view.timeline.length + 1, at: nowIso(), ...e });
  }
  function transition(state: DeclarationState, actor: string, reason: string) {
    view.pending = undefined;
    if (view.stuck) {
      view.stuck = false;
      view.stuckSince = undefined;
    }
    view.state = state;
    record({ type: 'state', state, actor, reason, ...(view.channel && state !== 'LODGED' && state !== 'ACCEPTED' ? { data: { channel: view.channel } } : {}) });
    updateSearchAttributes();
  }

  /** Projects the case; with `decision`, also queues the decision for the clearance system's webhook. */
  async function publish(decision?: string): Promise<void> {
    await project();
    if (!decision) return;
    const last = view.timeline[view.timeline.length - 1];
    await acts.enqueueDeclarationMessages([
      {
        messageId: `${caseId}/${last.seq}`,
        caseId,
        destination: `clearance-system:${input.lodgedBy}`,
        type: `declaration.${decision}`,
        payload: {
          mrn: view.mrn,
          lrn: view.lrn,
          state: view.state,
          at: last.at,
          reason: last.reason,
          ...(view.channel ? { channel: view.channel } : {}),
          ...(decision === 'duties-assessed' && view.duties ? { totals: view.duties.totals, currency: view.duties.currency } : {}),
        },
      },
    ]);
  }
  async function project() {
    await acts.projectCase(view);
  }

  /** Enters a waiting state: the pending action, its deadline (business deadline or SLA), the SLA clock. */
  function enter(state: WaitingState | 'HELD', reason: string, pending: PendingAction, deadlineMs?: number) {
    transition(state, 'system', reason);
    const now = Date.now();
    const sla = s.slaByStateMs?.[state as WaitingState] ?? s.slaMs;
    waiting = { state, sla, nextBreach: now + sla, breaches: 0, ...(deadlineMs !== undefined ? { deadlineAt: now + deadlineMs } : {}) };
    view.pending = { ...pending, deadline: isoAt(waiting.deadlineAt ?? waiting.nextBreach) };
  }

  /**
   * Waits in the state entered last for `done`; 'deadline' when its business deadline passes. The
   * state's SLA runs beside it from the moment the state was entered: the first breach marks the case
   * stuck and notifies the supervisor, the second escalates; after that only the deadline (if any)
   * is timed. The case stays stuck until it leaves the state.
   */
  async function waitIn(done: () => boolean): Promise<'done' | 'deadline'> {
    const w = waiting;
    for (;;) {
      const targets = [...(w.breaches < 2 ? [w.nextBreach] : []), ...(w.deadlineAt !== undefined ? [w.deadlineAt] : [])];
      if (targets.length === 0) {
        await condition(done);
        return 'done';
      }
      if (await condition(() => done() || rescheduled, Math.max(1, Math.min(...targets) - Date.now()))) {
        if (done()) return 'done';
        rescheduled = false; // a supervisor moved the deadline: wait again with the new one
        continue;
      }
      if (w.deadlineAt !== undefined && Date.now() >= w.deadlineAt) return 'deadline';
      w.breaches += 1;
      if (w.breaches === 1) {
        view.stuck = true;
        view.stuckSince = nowIso();
        record({ type: 'sla-breach', state: w.state, actor: 'system', reason: `no progress in ${w.state} within SLA` });
      } else {
        view.escalations += 1;
        record({ type: 'escalated', state: w.state, actor: 'system', reason: `SLA breached again in ${w.state}` });
      }
      w.nextBreach = Date.now() + w.sla;
      if (w.deadlineAt === undefined && view.pending) view.pending.deadline = w.breaches < 2 ? isoAt(w.nextBreach) : undefined;
      updateSearchAttributes();
      const last = view.timeline[view.timeline.length - 1];
      await acts.notifySupervisor({
        caseId,
        mrn: view.mrn,
        office: view.office,
        state: w.state,
        kind: w.breaches === 1 ? 'stuck' : 'escalated',
        seq: last.seq,
        at: last.at,
        reason: last.reason ?? '',
      });
      await project();
    }
  }
  function updateSearchAttributes() {
    upsertSearchAttributes([
      { key: CaseKind, value: 'declaration' },
      { key: CaseState, value: view.state },
      { key: ChannelAttr, value: view.channel ?? null },
      { key: Office, value: view.office },
      { key: Country, value: view.country },
      { key: Stuck, value: view.stuck },
      { key: StuckSince, value: view.stuckSince ? new Date(view.stuckSince) : null },
    ]);
  }
}
