import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { confirmExit, EXIT_NOT_CONFIRMED, recordControlResult } from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  controlResult,
  DAY,
  declaration,
  exportDeclaration,
  inState,
  rejection,
  update,
  viewOf,
  type Harness,
  startHarness,
} from './declaration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'declaration-exit');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const at = (office: string, actor = 'officer-exit') => ({ office, actor, via: 'office' as const });

test('an import has no exit to confirm', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  expect(await rejection(update(handle, confirmExit, at('KZKHO001')))).toMatch(
    /only an export declaration has an exit to confirm/,
  );
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'NON_CONFORM', { controlType: 'PHYSICAL', refuseRelease: true }),
  );
  expect((await handle.result()).state).toBe('NOT_RELEASED');
});

test('a released export waits for its exit; the office of exit confirms it and the case ends', async () => {
  const handle = await h.start(exportDeclaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  expect(await rejection(update(handle, confirmExit, at('KZKHO001')))).toMatch(
    /the export is not released: the case is UNDER_CONTROL/,
  );
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  const waiting = await viewOf(handle, (v) => !!v.exit);
  expect(waiting).toMatchObject({
    state: 'RELEASED',
    exit: { office: 'KZKHO001' },
    pending: { action: expect.stringContaining('KZKHO001'), by: 'officer' },
  });
  expect(await rejection(update(handle, confirmExit, at('KZKOR001')))).toMatch(
    /office KZKOR001 is not the office of exit \(KZKHO001\)/,
  );
  const confirmed = await update(handle, confirmExit, at('KZKHO001'));
  expect(confirmed.exit).toMatchObject({ office: 'KZKHO001', by: 'officer-exit', via: 'office' });
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  expect(final.exit?.confirmedAt).toBeDefined();
  expect(final.pending).toBeUndefined();
  expect(final.timeline.map((e) => e.type).slice(-2)).toEqual(['exit-awaited', 'exit-confirmed']);
  expect(
    h.outbox.some((m) => m.caseId === handle.workflowId && m.type === 'declaration.exit-confirmed'),
  ).toBe(true);
});

test('no confirmation by the exit deadline: recorded as not confirmed, the office of declaration told', async () => {
  const handle = await h.start(exportDeclaration('TIN-RED'), { exitDeadlineMs: 3 * DAY });
  await inState(handle, 'UNDER_CONTROL');
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  expect(final.exit?.notConfirmedAt).toBeDefined();
  expect(Date.parse(final.exit!.notConfirmedAt!)).toBeGreaterThanOrEqual(Date.parse(final.exit!.deadline));
  expect(final.timeline.at(-1)).toMatchObject({ type: 'exit-not-confirmed', actor: 'system' });
  const told = h.outbox.find((m) => m.caseId === handle.workflowId && m.type === EXIT_NOT_CONFIRMED);
  expect(told).toMatchObject({ destination: 'office:KZALA001', payload: { officeOfExit: 'KZKHO001' } });
});
