import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { confirmExit, recordControlResult } from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  controlResult,
  DAY,
  exportDeclaration,
  inState,
  update,
  viewOf,
  type Harness,
  startHarness,
} from '../../workflows/declaration-harness';
import { save } from './save';

/** The export exit branch (`declaration-export-exit`): exit confirmed at the office of exit, or not by the deadline. */
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('declaration: export, red, released, exit confirmed at the office of exit', async () => {
  const handle = await h.start(exportDeclaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  await viewOf(handle, (v) => !!v.exit);
  await update(handle, confirmExit, { office: 'KZKHO001', actor: 'officer-exit', via: 'office' });
  const final = await handle.result();
  expect(final.exit?.confirmedAt).toBeDefined();
  await save(env, 'declaration-export-exit-confirmed', handle);
});

test('declaration: export, red, released, exit not confirmed by the exit deadline', async () => {
  const handle = await h.start(exportDeclaration('TIN-RED'), { exitDeadlineMs: 3 * DAY });
  await inState(handle, 'UNDER_CONTROL');
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  const final = await handle.result();
  expect(final.exit?.notConfirmedAt).toBeDefined();
  await save(env, 'declaration-export-exit-not-confirmed', handle);
});
