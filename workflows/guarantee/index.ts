import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import type { GuaranteeInput, GuaranteeView } from '../../contracts';
import { validityWindow, warningDueAtMs } from '../../domain/guarantee';
import {
  applyExpiry,
  applyExpiryWarning,
  guaranteeCaseView,
  settled,
} from '../../domain/guarantee/lifecycle';
import { notifyExpiry } from './expiry';
import { installHandlers } from './handlers';
import { newGuaranteeRun, publish } from './run';

/**
 * Guarantee entity workflow (`guarantee/<GRN>`). Reservations, releases and charges are updates
 * (handlers.ts); the lifecycle (expiry warning, EXPIRED, revocation, extension) runs in the main
 * loop; the ledger and timeline travel through continue-as-new.
 */
export async function guaranteeWorkflow(input: GuaranteeInput): Promise<GuaranteeView> {
  // Decided once per run: a history begun before it never counted wrong access codes.
  const lockout = patched('guarantee-access-code-lockout');
  // Decided once per run: a write that fails for good marks the guarantee stuck until retried.
  const guarded = patched('guarantee-stuck-on-failed-write');
  const run = newGuaranteeRun(input, { lockout, guarded });
  const { g, shell } = run;
  const ledger = g.ledger;
  installHandlers(run);

  const historyTooLong = () =>
    workflowInfo().historyLength > input.settings.historyLimit || workflowInfo().continueAsNewSuggested;

  if (!input.carried) {
    shell.record({
      type: 'state',
      state: 'ACTIVE',
      actor: input.registeredBy,
      reason: `guarantee registered: ${ledger.referenceAmount} ${ledger.currency}, valid ${ledger.validFrom} to ${ledger.validUntil}`,
    });
    await publish(run);
  }

  for (;;) {
    if (settled(ledger)) break;
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      shell.record({
        type: 'continued-as-new',
        actor: 'system',
        reason: `history reached ${workflowInfo().historyLength} events`,
      });
      await continueAsNew<typeof guaranteeWorkflow>({
        ...input,
        carried: { ledger, timeline: g.timeline, generation: g.generation + 1 },
      });
    }
    const now = Date.now();
    let wakeAt: number | undefined;
    if (ledger.status === 'ACTIVE') {
      const { endsAtMs } = validityWindow(ledger);
      const warnAt = warningDueAtMs(ledger, input.settings.expiryWarningLeadMs);
      if (now >= endsAtMs) {
        shell.record(applyExpiry(ledger));
        await notifyExpiry(run, 'GUARANTEE_EXPIRED');
        continue;
      }
      if (warnAt !== undefined && now >= warnAt) {
        shell.record(applyExpiryWarning(ledger));
        await notifyExpiry(run, 'GUARANTEE_EXPIRY_WARNING');
        continue;
      }
      wakeAt = warnAt !== undefined && warnAt > now ? warnAt : endsAtMs;
    }
    if (run.lifecycleChanged) {
      run.lifecycleChanged = false;
      await publish(run);
      continue;
    }
    const wake = () => run.lifecycleChanged || settled(ledger) || historyTooLong();
    if (wakeAt === undefined) await condition(wake);
    else await condition(wake, Math.max(1, wakeAt - now));
  }

  shell.record({
    type: 'closed',
    state: ledger.status,
    actor: 'system',
    reason: 'no open reservations remain',
  });
  await publish(run);
  return guaranteeCaseView(g, run.caseId, input.registeredBy, shell.view);
}
