import { recordControlResult } from '../../../contracts';
import { controlResult, declaration, inState, update } from '../../workflows/declaration-harness';
import { declarationRecorder, payInFull, save } from './save';

/**
 * Declarations begun under `declaration-baseline-2026-12`: one marker stands for the seven changes
 * before it. The histories recorded before it (each change's own marker) stay under replay too.
 */
const rec = declarationRecorder();

test('declaration (baseline 2026-12): green lane, paid by update, released', async () => {
  const handle = await rec.h.start(declaration('TIN-GREEN'));
  await payInFull(handle, 'PAY-BASE-1', 'update');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(rec.env, 'declaration-green-paid-baseline', handle);
});

test('declaration (baseline 2026-12): red lane, conform control, paid, released', async () => {
  const handle = await rec.h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle, 'PAY-BASE-1', 'update');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(rec.env, 'declaration-red-control-baseline', handle);
});
