import { recordBorderCrossing, transitView, type TransitView } from '../../contracts';
import { eventually } from '../support/temporal';
import { send } from './transit-helpers';

/** Steps the transit workflow tests share. */
export const crossAll = async (h: Parameters<typeof send>[0]) => {
  await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
  await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
};
/**
 * The final view, read by query with time still locked: awaiting `result()` would unlock time
 * skipping and let the server jump to the guarantee's expiry-warning timer months ahead.
 */
export const settled = async (h: Parameters<typeof send>[0]): Promise<TransitView> => {
  await eventually(
    () => h.describe(),
    (d) => d.status.name !== 'RUNNING',
  );
  expect((await h.describe()).status.name).toBe('COMPLETED');
  return h.query(transitView) as Promise<TransitView>;
};
export const states = (v: TransitView) => v.timeline.filter((e) => e.type === 'state').map((e) => e.state);
