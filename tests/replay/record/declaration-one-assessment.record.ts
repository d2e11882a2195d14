import { ApplicationFailure } from '@temporalio/common';
import { demoTariffBook } from '../../../config/reference';
import { assessDeclaration } from '../../../domain/duties';
import type { Declaration } from '../../../domain/schemas/declaration';
import { amendDeclaration, recordControlResult } from '../../../contracts';
import {
  controlResult,
  declaration,
  inState,
  update,
  startHarness,
} from '../../workflows/declaration-harness';
import { declarationRecorder, payInFull, save, states } from './save';

/**
 * Declarations under `declaration-one-assessment`: the first pass takes risk and duties from one
 * local activity; the green lane uses those duties, a controlled case assesses them again, and
 * duties that cannot be assessed at lodgement hold the case. Payments go through `recordPayment`.
 * Recorded since under `declaration-baseline-2026-12` too (`HISTORY_SUFFIX=-baseline`).
 */
const rec = declarationRecorder();

test('declaration (one assessment): green lane, paid by update, released', async () => {
  const handle = await rec.h.start(declaration('TIN-GREEN'));
  await payInFull(handle, 'PAY-ONE-1', 'update');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(rec.env, 'declaration-green-paid-one-assessment', handle);
});

test('declaration (one assessment): red lane, conform control, duties assessed again, paid, released', async () => {
  const handle = await rec.h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle, 'PAY-ONE-1', 'update');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(rec.env, 'declaration-red-control-one-assessment', handle);
});

test('declaration (one assessment): duties not assessable at lodgement hold it, amended, paid, released', async () => {
  // The demo tariff has a line for every heading: this worker's reference data lacks one.
  const missing = '9601900000';
  const held = await startHarness(rec.env, 'record-held', {
    assessDeclarationDuties: async (decl: Declaration) => {
      if (decl.items.some((it) => it.hsCode === missing))
        throw ApplicationFailure.nonRetryable(
          `item 2: no KZ tariff line for HS ${missing}`,
          'AssessmentError',
        );
      return assessDeclaration(decl, {
        acceptanceDate: new Date().toISOString().slice(0, 10),
        book: demoTariffBook(),
      });
    },
  });
  try {
    const withHs = (items: Declaration['items'], hsCode: string) =>
      items.map((it) => (it.seq === 2 ? { ...it, hsCode } : it));
    const handle = await held.start(declaration('TIN-GREEN', (d) => (d.items = withHs(d.items, missing))));
    const v = await inState(handle, 'HELD');
    expect(v.timeline.at(-1)!.reason).toMatch(
      /duties could not be assessed: item 2: no KZ tariff line for HS 9601900000/,
    );
    await update(handle, amendDeclaration, {
      amendment: {
        reason: 'classification restored',
        changes: { items: withHs(v.declaration.items, '8504403000') },
      },
      actor: 'cs-test',
    });
    await payInFull(handle, 'PAY-ONE-1', 'update');
    const final = await handle.result();
    expect(states(final)).toEqual(expect.arrayContaining(['HELD', 'RELEASED']));
    await save(rec.env, 'declaration-held-at-lodgement-one-assessment', handle);
  } finally {
    await held.close();
  }
});
