import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { guaranteeBalance, requestInvalidation, transitView } from '../../contracts';
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

/** IE014: the holder invalidates a declaration before release; after release it is refused. */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('under control with the guarantee reserved: invalidated, the reservation released, IE009 to the holder', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const unsealed = transitDeclaration(grn, (t) => {
      t.transport.seals = [];
      t.transport.containers = [];
    });
    const h = await startTransit(env, taskQueue, unsealed);
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    expect((await g.query(guaranteeBalance)).reserved).toBe('18500.00');
    const after = await send<{ state: string }>(h, requestInvalidation, {
      by: 'holder',
      justification: 'Container broken',
    });
    expect(after.state).toBe('INVALIDATED');
    const final = await settled(h);
    expect(final).toMatchObject({
      state: 'INVALIDATED',
      guarantee: { status: 'RELEASED' },
      invalidation: { by: 'holder', justification: 'Container broken' },
    });
    expect(final.pending).toBeUndefined();
    expect(states(final)).toEqual(['LODGED', 'ACCEPTED', 'UNDER_CONTROL', 'INVALIDATED']);
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    const ie009 = outbox.filter((m) => m.type === 'IE009');
    expect(ie009).toHaveLength(1);
    expect(ie009[0]).toMatchObject({
      destination: `holder:${final.holder}`,
      payload: { mrn: final.mrn, decision: 'INVALIDATED', justification: 'Container broken' },
    });
    await stopQuietly(g);
  });
});

test('while the guarantee waits for an amendment: invalidated, no IE051 at the deadline, nothing reserved', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { countriesOfValidity: ['CN', 'KZ'] }),
    );
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    await send(h, requestInvalidation, { by: 'holder' });
    const final = await settled(h);
    expect(final.state).toBe('INVALIDATED');
    expect(final.deadlines.amendment).toBeUndefined();
    expect(final.guarantee.status).toBe('REFUSED');
    await sleepIdle(env, h, 3 * DAY + 60_000);
    expect(outbox.map((m) => m.type)).toEqual(['IE055', 'IE009']);
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    await stopQuietly(g);
  });
});

test('after release the invalidation is refused with the reason; the movement goes on', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(await rejection(h, requestInvalidation, { by: 'holder', justification: 'too late' })).toBe(
      'invalidation refused: the declaration was released for transit (the movement is RELEASED_FOR_TRANSIT); a released declaration cannot be invalidated',
    );
    const v = await h.query(transitView);
    expect(v.state).toBe('RELEASED_FOR_TRANSIT');
    expect(v.guarantee.status).toBe('RESERVED');
    expect(v.invalidation).toBeUndefined();
    expect(outbox.some((m) => m.type === 'IE009')).toBe(false);
    await stopQuietly(h, g);
  });
});
