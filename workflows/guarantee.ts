import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  applyCharge,
  applyRelease,
  applyReserve,
  balanceOf,
  chargeRefusal,
  extensionRefusal,
  newLedger,
  officesWithOpenMovements,
  releaseRefusal,
  reservationRefusal,
  validityWindow,
  warningDueAtMs,
  type GuaranteeLedger,
} from '../domain/guarantee';
import {
  CaseKind,
  CaseState,
  Country,
  Stuck,
  chargeGuarantee,
  extendGuaranteeValidity,
  guaranteeBalance,
  guaranteeView,
  releaseGuarantee,
  reserveGuarantee,
  revokeGuarantee,
  type GuaranteeView,
  type GuaranteeInput,
} from '../contracts';
import type { TimelineEvent } from '../contracts/timeline';
import { installSupervision } from './shell/supervision';

/**
 * Guarantee entity workflow (`guarantee/<GRN>`). Reservations, releases and charges are updates whose
 * validator and handler both run the domain checks synchronously: the workflow handles one message
 * at a time and a handler has no await, so nothing can slip between the balance check and the
 * change. Concurrent reservations are therefore serialised and can never over-commit the reference
 * amount. Lifecycle (expiry warning, EXPIRED, revocation, extension) runs in the main loop; the
 * ledger and timeline travel through continue-as-new.
 */


const { projectCase, enqueueExchangeMessages } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString();

export async function guaranteeWorkflow(input: GuaranteeInput): Promise<GuaranteeView> {
  const ledger: GuaranteeLedger = input.carried?.ledger ?? newLedger(input.registration);
  const timeline: TimelineEvent[] = input.carried?.timeline ?? [];
  const generation = input.carried?.generation ?? 0;
  const caseId = workflowInfo().workflowId;
  let lifecycleChanged = false;

  const view = (): GuaranteeView => ({
    caseId,
    kind: 'guarantee',
    grn: ledger.grn,
    state: ledger.status,
    country: ledger.grn.slice(2, 4),
    declarant: ledger.holder.tin ?? ledger.holder.name,
    balance: balanceOf(ledger),
    generation,
    timeline,
  });
  const record = (e: Omit<TimelineEvent, 'seq' | 'at'>) => timeline.push({ seq: timeline.length + 1, at: nowIso(), ...e });
  const refuse = (reason: string | undefined) => {
    if (reason) throw new Error(reason);
  };
  const fail = (reason: string | undefined) => {
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'GuaranteeRefused');
  };

  setHandler(guaranteeBalance, () => balanceOf(ledger));
  setHandler(guaranteeView, view);
  // Supervisor actions: escalate and reassign are recorded; a guarantee is revoked or extended by its
  // own messages (revocation, extension), so release, cancel and extend-deadline are refused here.
  installSupervision({
    kind: 'guarantee',
    state: () => ledger.status,
    closed: () => ledger.status !== 'ACTIVE' && Object.keys(ledger.open).length === 0,
    record,
    view,
    changed: () => undefined,
    actions: {},
  });
  setHandler(
    reserveGuarantee,
    (req) => {
      fail(reservationRefusal(ledger, req, Date.now())); // re-checked: serialised with every other handler
      return applyReserve(ledger, req, nowIso());
    },
    { validator: (req) => refuse(reservationRefusal(ledger, req, Date.now())) },
  );
  setHandler(
    releaseGuarantee,
    (mrn) => {
      fail(releaseRefusal(ledger, mrn));
      return applyRelease(ledger, mrn, nowIso());
    },
    { validator: (mrn) => refuse(releaseRefusal(ledger, mrn)) },
  );
  setHandler(
    chargeGuarantee,
    (mrn, amount) => {
      fail(chargeRefusal(ledger, mrn, amount));
      const closed = applyCharge(ledger, mrn, amount, nowIso());
      if (closed.charged) record({ type: 'charged', actor: 'system', reason: `recovery for movement ${mrn}`, data: { mrn, charged: closed.charged, uncovered: closed.uncovered } });
      return closed;
    },
    { validator: (mrn, amount) => refuse(chargeRefusal(ledger, mrn, amount)) },
  );
  setHandler(revokeGuarantee, ({ reason, by }) => {
    if (ledger.status !== 'ACTIVE') {
      record({ type: 'revocation-ignored', actor: by, reason: `already ${ledger.status}` });
      return;
    }
    ledger.status = 'REVOKED';
    ledger.statusReason = reason;
    record({ type: 'state', state: 'REVOKED', actor: by, reason });
    lifecycleChanged = true;
  });
  setHandler(extendGuaranteeValidity, ({ validUntil, by }) => {
    const refusal = extensionRefusal(ledger, validUntil);
    if (refusal) {
      record({ type: 'extension-refused', actor: by, reason: refusal });
      return;
    }
    const previous = ledger.validUntil;
    ledger.validUntil = validUntil;
    record({ type: 'validity-extended', actor: by, reason: `valid until ${validUntil} (was ${previous})`, data: { validUntil, previous } });
    lifecycleChanged = true;
  });

  const historyTooLong = () => workflowInfo().historyLength > input.settings.historyLimit || workflowInfo().continueAsNewSuggested;
  const settled = () => ledger.status !== 'ACTIVE' && Object.keys(ledger.open).length === 0;

  if (!input.carried) {
    record({ type: 'state', state: 'ACTIVE', actor: input.registeredBy, reason: `guarantee registered: ${ledger.referenceAmount} ${ledger.currency}, valid ${ledger.validFrom} to ${ledger.validUntil}` });
    await publish();
  }

  for (;;) {
    if (settled()) break;
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      record({ type: 'continued-as-new', actor: 'system', reason: `history reached ${workflowInfo().historyLength} events` });
      await continueAsNew<typeof guaranteeWorkflow>({ ...input, carried: { ledger, timeline, generation: generation + 1 } });
    }
    const now = Date.now();
    let wakeAt: number | undefined;
    if (ledger.status === 'ACTIVE') {
      const { endsAtMs } = validityWindow(ledger);
      const warnAt = warningDueAtMs(ledger, input.settings.expiryWarningLeadMs);
      if (now >= endsAtMs) {
        ledger.status = 'EXPIRED';
        record({ type: 'state', state: 'EXPIRED', actor: 'system', reason: `validity ended with ${ledger.validUntil}` });
        await notifyExpiry('GUARANTEE_EXPIRED');
        continue;
      }
      if (warnAt !== undefined && now >= warnAt) {
        ledger.warnedFor = ledger.validUntil;
        const offices = officesWithOpenMovements(ledger);
        record({ type: 'expiry-warning', actor: 'system', reason: `validity ends with ${ledger.validUntil}`, data: { holder: ledger.holder.tin ?? ledger.holder.name, offices } });
        await notifyExpiry('GUARANTEE_EXPIRY_WARNING');
        continue;
      }
      wakeAt = warnAt !== undefined && warnAt > now ? warnAt : endsAtMs;
    }
    if (lifecycleChanged) {
      lifecycleChanged = false;
      await publish();
      continue;
    }
    const wake = () => lifecycleChanged || settled() || historyTooLong();
    if (wakeAt === undefined) await condition(wake);
    else await condition(wake, Math.max(1, wakeAt - now));
  }

  record({ type: 'closed', state: ledger.status, actor: 'system', reason: 'no open reservations remain' });
  await publish();
  return view();

  async function publish() {
    upsertSearchAttributes([
      { key: CaseKind, value: 'guarantee' },
      { key: CaseState, value: ledger.status },
      { key: Country, value: ledger.grn.slice(2, 4) },
      { key: Stuck, value: false },
    ]);
    await projectCase(view());
  }

  /** To the holder and to every office with an open movement on the guarantee (exchange outbox). */
  async function notifyExpiry(type: 'GUARANTEE_EXPIRY_WARNING' | 'GUARANTEE_EXPIRED') {
    const offices = officesWithOpenMovements(ledger);
    const holder = `holder:${ledger.holder.tin ?? ledger.holder.name}`;
    const payload = {
      grn: ledger.grn,
      validUntil: ledger.validUntil,
      openMovements: Object.keys(ledger.open).sort(),
      balance: balanceOf(ledger),
    };
    await enqueueExchangeMessages(
      [holder, ...offices.map((o) => `office:${o}`)].map((destination) => ({
        messageId: `${caseId}/${type}/${ledger.validUntil}/${destination}`,
        caseId,
        destination,
        type,
        payload: { ...payload, balance: { ...payload.balance, openReservations: undefined, recentlyClosed: undefined } },
      })),
    );
    await publish();
  }
}
