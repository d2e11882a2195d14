import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { guaranteeBalance, presentTransitGoods, recordBorderCrossing, transitView } from '../../contracts';
import { createTimeSkippingEnv, eventually, sleepIdle, stopQuietly } from '../support/temporal';
import { settled, states } from './transit-steps';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
} from './transit-helpers';

/** IE170: a pre-lodged declaration waits for its goods before the MRN, the guarantee and the release. */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const prelodged = (grn: string) => transitDeclaration(grn, (t) => (t.additionalType = 'D'));
const waiting = (h: Parameters<typeof send>[0]) =>
  eventually(
    () => h.query(transitView),
    (x) => x.state === 'AWAITING_PRESENTATION',
  );

test('pre-lodged: nothing reserved until the goods are presented at departure; then accepted (IE028) and released', async () => {
  await withWorker(env, async ({ taskQueue, ncts }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, prelodged(grn));
    const v = await waiting(h);
    expect(v.pending).toMatchObject({ action: 'present the goods at the office of departure', by: 'holder' });
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    expect(await rejection(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' })).toMatch(
      /not been released/,
    );
    expect(await rejection(h, presentTransitGoods, { by: 'holder', office: 'KGBIS001' })).toBe(
      'presentation refused: KGBIS001 is not the office of departure (CNURU001)',
    );
    const after = await send<{ state: string }>(h, presentTransitGoods, {
      by: 'holder',
      office: 'CNURU001',
      location: 'Urumqi freight terminal',
    });
    expect(after.state).toBe('ACCEPTED');
    const released = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(states(released)).toEqual(['LODGED', 'AWAITING_PRESENTATION', 'ACCEPTED', 'RELEASED_FOR_TRANSIT']);
    expect(released.presentation).toMatchObject({
      by: 'holder',
      office: 'CNURU001',
      location: 'Urumqi freight terminal',
    });
    expect((await g.query(guaranteeBalance)).reserved).toBe('18500.00');
    expect(await rejection(h, presentTransitGoods, { by: 'holder', office: 'CNURU001' })).toMatch(
      /already presented/,
    );
    await eventually(
      async () => ncts.map((m) => m.type),
      (t) => t.includes('IE029'),
    );
    expect(ncts.map((m) => m.type)).toEqual(['IE928', 'IE028', 'IE029']);
    await stopQuietly(h, g);
  });
});

test('pre-lodged and never presented: invalidated by the office after 30 days, IE009 initiated by customs', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, prelodged(grn));
    await waiting(h);
    await sleepIdle(env, h, 30 * DAY + 60_000);
    const final = await settled(h);
    expect(final).toMatchObject({
      state: 'INVALIDATED',
      invalidation: { by: 'system', justification: expect.stringMatching(/not presented within 30 days/) },
    });
    expect(final.pending).toBeUndefined();
    expect(outbox.map((m) => m.type)).toEqual(['IE009']);
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    await stopQuietly(g);
  });
});

test('a declaration that is not pre-lodged is never held for a presentation, and refuses one', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(await rejection(h, presentTransitGoods, { by: 'holder', office: 'CNURU001' })).toBe(
      'presentation refused: only a pre-lodged declaration (additional type D or E) is presented; this one is A',
    );
    await stopQuietly(h, g);
  });
});
