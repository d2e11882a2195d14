import {
  applyExitAwaited,
  applyExitConfirmation,
  applyExitNotConfirmed,
  awaitsExit,
  exitNotConfirmedMessage,
  exitRefusal,
} from '../../domain/declaration';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import { ExitConfirmationSchema } from '../../domain/schemas/declaration-exit';
import { example } from '../support/examples';
import { aCase, AT, frozen } from './support/declaration-case';

const DEADLINE = '2027-02-25T12:00:00.000Z';

/** A released export leaving through Khorgos. */
function released() {
  const c = aCase({}, { state: 'RELEASED', channel: 'GREEN', type: 'EX' });
  return { ...c, view: { ...c.view, declaration: { ...c.view.declaration, officeOfExit: 'KZKHO001' } } };
}
const awaiting = () => applyExitAwaited(released(), DEADLINE, AT);
const cmd = (office = 'KZKHO001') => ({ office, actor: 'officer-exit', via: 'office' as const });

describe('export declarations at the door', () => {
  const exported = (over: Record<string, unknown>) => {
    const imp = example('declaration-import.json');
    const d = { ...imp, type: 'EX', exporter: imp.importer, importer: undefined };
    return DeclarationSchema.safeParse({ ...d, ...over });
  };
  test('an export names its office of exit, of the country of declaration', () => {
    const none = exported({});
    expect(none.success).toBe(false);
    expect(none.error!.issues.map((i) => i.path.join('.'))).toContain('officeOfExit');
    const abroad = exported({ officeOfExit: 'CNKHO001' });
    expect(abroad.error!.issues).toEqual([
      expect.objectContaining({
        path: ['officeOfExit'],
        message: expect.stringMatching(/country of declaration/),
      }),
    ]);
    expect(exported({ officeOfExit: 'KZKHO001' }).success).toBe(true);
  });

  test('the confirmation body names bad fields', () => {
    const bad = ExitConfirmationSchema.safeParse({ office: 'nope', extra: 1 });
    expect(bad.error!.issues.map((i) => i.path.join('.') || i.code)).toEqual(
      expect.arrayContaining(['office']),
    );
    expect(ExitConfirmationSchema.safeParse({ office: 'KZKHO001' }).success).toBe(true);
  });
});

describe('export exit confirmation (pure)', () => {
  test('only a released export naming its office of exit awaits the exit', () => {
    expect(awaitsExit(released())).toBe(true);
    expect(awaitsExit(aCase({}, { state: 'RELEASED', type: 'IM' }))).toBe(false);
    expect(awaitsExit({ ...released(), view: { ...released().view, state: 'UNDER_CONTROL' } })).toBe(false);
  });

  test('awaiting the exit sets the pending action and deadline', () => {
    const c = awaiting();
    expect(c.view.exit).toEqual({ office: 'KZKHO001', deadline: DEADLINE });
    expect(c.view.pending).toMatchObject({ by: 'officer', deadline: DEADLINE });
    expect(c.view.timeline.at(-1)).toMatchObject({ type: 'exit-awaited' });
  });

  test('refuses an import, an unreleased export, another office, a second confirmation, after the deadline', () => {
    expect(exitRefusal(aCase({}, { state: 'RELEASED' }), cmd())).toMatch(/only an export/);
    const control = { ...released(), view: { ...released().view, state: 'UNDER_CONTROL' as const } };
    expect(exitRefusal(control, cmd())).toMatch(/not released: the case is UNDER_CONTROL/);
    expect(exitRefusal(released(), cmd())).toMatch(/does not await an exit confirmation/);
    expect(exitRefusal(awaiting(), cmd('KZKOR001'))).toMatch(
      /KZKOR001 is not the office of exit \(KZKHO001\)/,
    );
    expect(exitRefusal(awaiting(), cmd())).toBeUndefined();
    const done = applyExitConfirmation(awaiting(), cmd(), AT);
    expect(exitRefusal(done, cmd())).toMatch(/already confirmed at KZKHO001/);
    expect(exitRefusal(applyExitNotConfirmed(awaiting(), AT), cmd())).toMatch(/deadline passed/);
    expect(
      exitRefusal({ ...awaiting(), invalidation: { by: 'customs', actor: 'o', reason: 'r' } }, cmd()),
    ).toMatch(/being invalidated/);
  });

  test('a confirmation by a joint control is recorded with its officer and the joint control', () => {
    const before = frozen(awaiting());
    const c = applyExitConfirmation(
      before,
      { ...cmd(), via: 'joint-control', jointControl: 'joint-control/KHORGOS/X', actor: 'kz-officer' },
      AT,
    );
    expect(c.view.exit).toMatchObject({
      confirmedAt: AT,
      by: 'kz-officer',
      via: 'joint-control',
      jointControl: 'joint-control/KHORGOS/X',
    });
    expect(c.view.pending).toBeUndefined();
    expect(c.view.timeline.at(-1)).toMatchObject({ type: 'exit-confirmed', actor: 'kz-officer' });
    expect(before.view.exit?.confirmedAt).toBeUndefined();
  });

  test('not confirmed: recorded, and the message goes to the office of declaration', () => {
    const c = applyExitNotConfirmed(frozen(awaiting()), AT);
    expect(c.view.exit?.notConfirmedAt).toBe(AT);
    expect(exitNotConfirmedMessage(c)).toMatchObject({
      destination: 'office:KZALA001',
      type: 'export-exit-not-confirmed',
      payload: { officeOfExit: 'KZKHO001', deadline: DEADLINE },
    });
  });
});
