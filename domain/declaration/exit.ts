import { EXIT_NOT_CONFIRMED, type ExitConfirmation } from '../../contracts/declaration-exit';
import type { OutboxMessage } from '../../contracts/projection';
import { withEvent, type DeclarationCase } from './case';

/*
 * Export exit confirmation (ECS style): once released for export, the case waits for the office of
 * exit to confirm that the goods left, at its own counter or through the joint control at facing
 * border posts, until the exit deadline. Pure, like the other commands of this folder.
 */

/** A released export that names its office of exit waits for the exit instead of the post-release window. */
export const awaitsExit = (c: DeclarationCase): boolean =>
  c.view.type === 'EX' && c.view.state === 'RELEASED' && !!c.view.declaration.officeOfExit;

/** The exit is awaited at the office of exit until `deadline`. */
export function applyExitAwaited(c: DeclarationCase, deadline: string, at: string): DeclarationCase {
  const office = c.view.declaration.officeOfExit!;
  const view = {
    ...c.view,
    exit: { office, deadline },
    pending: { action: `confirm the exit at office of exit ${office}`, by: 'officer', deadline },
  };
  const reason = `released for export: exit awaited at ${office} until ${deadline}`;
  return { ...c, view: withEvent(view, { type: 'exit-awaited', actor: 'system', reason }, at) };
}

export function exitRefusal(c: DeclarationCase, cmd: ExitConfirmation): string | undefined {
  const v = c.view;
  if (v.type !== 'EX') return `only an export declaration has an exit to confirm; this one is ${v.type}`;
  if (v.state !== 'RELEASED') return `the export is not released: the case is ${v.state}`;
  const exit = v.exit;
  if (!exit) return 'this declaration does not await an exit confirmation';
  if (exit.confirmedAt) return `the exit was already confirmed at ${exit.office} (${exit.confirmedAt})`;
  if (exit.notConfirmedAt)
    return `the exit deadline passed (${exit.deadline}): exit recorded as not confirmed`;
  if (c.invalidation) return 'the declaration is being invalidated';
  if (cmd.office !== exit.office) return `office ${cmd.office} is not the office of exit (${exit.office})`;
  return undefined;
}

export function applyExitConfirmation(
  c: DeclarationCase,
  cmd: ExitConfirmation,
  at: string,
): DeclarationCase {
  const { pending: _p, ...rest } = c.view;
  const exit = {
    ...c.view.exit!,
    confirmedAt: at,
    by: cmd.actor,
    via: cmd.via,
    ...(cmd.jointControl ? { jointControl: cmd.jointControl } : {}),
  };
  const where = cmd.jointControl ? `by joint control ${cmd.jointControl}` : `at ${cmd.office}`;
  const reason = `exit confirmed ${where}${cmd.remarks ? `: ${cmd.remarks}` : ''}`;
  const data = { office: cmd.office, via: cmd.via };
  return {
    ...c,
    view: withEvent({ ...rest, exit }, { type: 'exit-confirmed', actor: cmd.actor, reason, data }, at),
  };
}

/** The deadline passed with no confirmation: recorded, and the office of declaration is told. */
export function applyExitNotConfirmed(c: DeclarationCase, at: string): DeclarationCase {
  const { pending: _p, ...rest } = c.view;
  const exit = { ...c.view.exit!, notConfirmedAt: at };
  const reason = `exit not confirmed at ${exit.office} by ${exit.deadline}: the office of declaration ${c.view.office} is told`;
  return {
    ...c,
    view: withEvent({ ...rest, exit }, { type: 'exit-not-confirmed', actor: 'system', reason }, at),
  };
}

export function exitNotConfirmedMessage(c: DeclarationCase): OutboxMessage {
  const v = c.view;
  return {
    messageId: `${v.caseId}/${EXIT_NOT_CONFIRMED}`,
    caseId: v.caseId,
    destination: `office:${v.office}`,
    type: EXIT_NOT_CONFIRMED,
    payload: { mrn: v.mrn, officeOfExit: v.exit?.office, deadline: v.exit?.deadline },
  };
}
