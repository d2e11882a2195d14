import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { demoTariffBook } from '../../config/reference';
import { amendDeclaration, recordControlResult } from '../../contracts';
import { assessDeclaration } from '../../domain/duties';
import type { Declaration } from '../../domain/schemas/declaration';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  controlResult,
  declaration,
  inState,
  startHarness,
  update,
  type Harness,
} from './declaration-harness';

/**
 * `declaration-one-assessment`: the first pass takes risk and duties from one local activity. The
 * green lane uses those duties; a controlled case assesses them again on the declaration as it then
 * is; duties that cannot be assessed at lodgement hold the case, as a separate step did.
 */
let env: TestWorkflowEnvironment;
let h: Harness;
const calls: string[] = [];
const MISSING = '9601900000';

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  // The demo tariff has a line for every heading: this worker's reference data lacks one.
  h = await startHarness(env, 'decl-assessment', {
    assessDeclarationDuties: async (decl: Declaration, acceptanceDate: string) => {
      calls.push(decl.items.map((it) => it.hsCode).join(','));
      if (decl.items.some((it) => it.hsCode === MISSING))
        throw ApplicationFailure.nonRetryable(
          `item 2: no KZ tariff line for HS ${MISSING}`,
          'AssessmentError',
        );
      return assessDeclaration(decl, { acceptanceDate, book: demoTariffBook() });
    },
  });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

/** A field of each marker's JSON payload, of one kind: local activities (`data`) or patches (`patch-data`). */
async function markerField(
  handle: WorkflowHandle,
  marker: 'core_local_activity' | 'core_patch',
  field: string,
) {
  return ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== marker) return [];
    const data = m.details?.[marker === 'core_patch' ? 'patch-data' : 'data']?.payloads?.[0]?.data;
    return data ? [JSON.parse(Buffer.from(data).toString())[field] as string] : [];
  });
}
const activityTypes = (handle: WorkflowHandle) => markerField(handle, 'core_local_activity', 'activity_type');

test('green lane: one assessment activity, its duties used, no second duties step', async () => {
  calls.length = 0;
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  expect(v.duties!.totals.total).toMatch(/^\d+\.\d{2}$/);
  expect(calls).toHaveLength(1);
  expect(await activityTypes(handle)).toEqual(['assessDeclaration', 'publishCase']);
});

test('a new run records one patch marker, the baseline, for the seven changes before it', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await inState(handle, 'AWAITING_PAYMENT');
  expect(await markerField(handle, 'core_patch', 'id')).toEqual(['declaration-baseline-2026-12']);
});

test('red lane: the duties are assessed again after the control', async () => {
  calls.length = 0;
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await inState(handle, 'AWAITING_PAYMENT');
  expect(calls).toHaveLength(2);
  expect(await activityTypes(handle)).toContain('assessDeclarationDuties');
});

test('duties not assessable at lodgement hold the case; an amendment lets it go on', async () => {
  const withHs = (items: Declaration['items'], hsCode: string) =>
    items.map((it) => (it.seq === 2 ? { ...it, hsCode } : it));
  const handle = await h.start(declaration('TIN-GREEN', (d) => (d.items = withHs(d.items, MISSING))));
  const held = await inState(handle, 'HELD');
  expect(held.channel).toBe('GREEN');
  expect(held.timeline.at(-1)!.reason).toBe(
    `duties could not be assessed: item 2: no KZ tariff line for HS ${MISSING}`,
  );
  await update(handle, amendDeclaration, {
    amendment: {
      reason: 'classification restored',
      changes: { items: withHs(held.declaration.items, '8504403000') },
    },
    actor: 'cs-test',
  });
  const v = await inState(handle, 'AWAITING_PAYMENT');
  expect(v.amendments).toBe(1);
});
