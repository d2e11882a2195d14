import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  chargeGuarantee,
  extendGuaranteeValidity,
  guaranteeBalance,
  guaranteeView,
  releaseGuarantee,
  reserveGuarantee,
  revokeGuarantee,
} from '../../contracts';
import {
  applyCharge,
  applyRelease,
  applyReserve,
  balanceOf,
  chargeRefusal,
  extensionRefusal,
  releaseRefusal,
  reservationRefusal,
} from '../../domain/guarantee';
import {
  applyExtension,
  applyRevocation,
  guaranteeCaseView,
  revocationRefusal,
  settled,
} from '../../domain/guarantee/lifecycle';
import {
  applyRightCode,
  applyWrongCode,
  guessesCode,
  lockoutRefusal,
} from '../../domain/guarantee/access-code';
import { nowIso, refuse } from '../shell/case';
import { retryAction } from '../shell/failed-step';
import { installSupervision } from '../shell/supervision';
import type { ReserveRequest } from '../../contracts';
import type { GuaranteeRun } from './run';

/** Thrown by a handler: the update fails for good (no retry would change the answer). */
function fail(reason: string | undefined): void {
  if (reason) throw ApplicationFailure.nonRetryable(reason, 'GuaranteeRefused');
}

/**
 * Reservations, releases and charges are updates whose validator and handler both run the domain
 * check synchronously: the workflow handles one message at a time and a handler has no await, so
 * nothing can slip between the balance check and the change. Concurrent reservations are therefore
 * serialised and can never over-commit the reference amount.
 */
export function installHandlers(run: GuaranteeRun): void {
  const { g, shell } = run;
  const ledger = g.ledger;
  const view = () => guaranteeCaseView(g, run.caseId, run.input.registeredBy, shell.view);

  setHandler(guaranteeBalance, () => balanceOf(ledger));
  setHandler(guaranteeView, view);
  // Escalate and reassign are recorded, retry runs a failed step again; a guarantee is revoked or
  // extended by its own messages (revocation, extension), so release, cancel and extend-deadline
  // are refused here.
  installSupervision({
    kind: 'guarantee',
    state: () => ledger.status,
    // A step that failed for good may be retried even when the guarantee was settling (its last write).
    closed: (signal) => settled(ledger) && !(signal === 'retry' && shell.failedStep),
    record: (e) => shell.record(e),
    view,
    changed: () => undefined,
    actions: { retry: retryAction(shell) },
  });
  if (run.lockout) installCountedReservations(run);
  else
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
      if (closed.charged)
        shell.record({
          type: 'charged',
          actor: 'system',
          reason: `recovery for movement ${mrn}`,
          data: { mrn, charged: closed.charged, uncovered: closed.uncovered },
        });
      return closed;
    },
    { validator: (mrn, amount) => refuse(chargeRefusal(ledger, mrn, amount)) },
  );
  setHandler(revokeGuarantee, (r) => {
    const refusal = revocationRefusal(ledger);
    if (refusal) {
      shell.record({ type: 'revocation-ignored', actor: r.by, reason: refusal });
      return;
    }
    shell.record(applyRevocation(ledger, r));
    run.lifecycleChanged = true;
  });
  setHandler(extendGuaranteeValidity, (e) => {
    const refusal = extensionRefusal(ledger, e.validUntil);
    if (refusal) {
      shell.record({ type: 'extension-refused', actor: e.by, reason: refusal });
      return;
    }
    shell.record(applyExtension(ledger, e));
    run.lifecycleChanged = true;
  });
}

/**
 * Reservations that count wrong access codes (domain/guarantee/access-code.ts). A wrong code passes
 * the validator, so that the update is accepted and the handler can count it (a validator changes
 * nothing and leaves no trace); the handler then fails the update with the refusal. The lockout
 * itself is refused by the validator, like every other refusal.
 */
function installCountedReservations(run: GuaranteeRun): void {
  const ledger = run.g.ledger;
  const other = (req: ReserveRequest, now: number) =>
    lockoutRefusal(ledger, req, now) ?? reservationRefusal(ledger, req, now, { checkCode: false });
  setHandler(
    reserveGuarantee,
    (req) => {
      const now = Date.now();
      fail(other(req, now)); // re-checked: serialised with every other handler
      if (guessesCode(ledger, req) && req.accessCode !== ledger.accessCode) {
        const wrong = applyWrongCode(ledger, now, run.input.settings.codeLockout);
        if (wrong.locked) {
          run.shell.record({ type: 'access-code-locked', actor: 'system', reason: wrong.reason });
          run.lifecycleChanged = true;
        }
        fail(wrong.reason);
      }
      applyRightCode(ledger);
      return applyReserve(ledger, req, nowIso());
    },
    { validator: (req) => refuse(other(req, Date.now())) },
  );
}
