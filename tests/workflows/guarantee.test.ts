import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  extendGuaranteeValidity,
  guaranteeBalance,
  guaranteeView,
  notifyArrival,
  recordBorderCrossing,
  recordUnloadingRemarks,
  releaseGuarantee,
  reserveGuarantee,
  revokeGuarantee,
  transitView,
  type Balance,
  type ReserveRequest,
} from '../../contracts';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import {
  DAY,
  freshGrn,
  freshMrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
} from './transit-helpers';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const request = (mrn: string, amount: string, over: Partial<ReserveRequest> = {}): ReserveRequest => ({
  mrn,
  amount,
  currency: 'USD',
  accessCode: '7391',
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001', 'KGBIS001'],
  ...over,
});

test('many reservations fired in parallel never over-commit the reference amount, and the balance is exact afterwards', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { referenceAmount: '100000.00' }),
    );
    const mrns = Array.from({ length: 40 }, () => freshMrn());
    const outcomes = await Promise.all(
      mrns.map((mrn) => rejection(g, reserveGuarantee, request(mrn, '3000.00'))),
    );
    const accepted = outcomes.filter((o) => o === 'accepted');
    const refused = outcomes.filter((o) => o !== 'accepted');
    expect(accepted).toHaveLength(33); // 33 x 3000 = 99000 <= 100000 < 34 x 3000
    expect(refused).toHaveLength(7);
    for (const r of refused)
      expect(r).toMatch(/balance of guarantee .* is short: 1000\.00 USD available, 3000\.00 USD requested/);
    const b = await g.query(guaranteeBalance);
    expect(b).toMatchObject({
      referenceAmount: '100000.00',
      reserved: '99000.00',
      available: '1000.00',
      charged: '0.00',
    });
    expect(b.openReservations).toHaveLength(33);
    // releasing them all in parallel restores the full amount, exactly
    const open = b.openReservations.map((r) => r.mrn);
    await Promise.all(open.map((mrn) => send(g, releaseGuarantee, mrn)));
    expect(await g.query(guaranteeBalance)).toMatchObject({
      reserved: '0.00',
      available: '100000.00',
      openReservations: [],
    });
    await g.terminate('test done');
  });
});

test('reservations are refused for a wrong access code, a routing country not covered, another currency, and once revoked', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { countriesOfValidity: ['CN', 'KZ'] }),
    );
    expect(
      await rejection(
        g,
        reserveGuarantee,
        request(freshMrn(), '10.00', { countries: ['CN', 'KZ'], accessCode: '0000' }),
      ),
    ).toMatch(/wrong access code/);
    expect(await rejection(g, reserveGuarantee, request(freshMrn(), '10.00'))).toMatch(/not valid in KG/);
    expect(
      await rejection(
        g,
        reserveGuarantee,
        request(freshMrn(), '10.00', { countries: ['CN'], currency: 'EUR' }),
      ),
    ).toMatch(/is in USD/);
    const mrn = freshMrn();
    expect(await rejection(g, reserveGuarantee, request(mrn, '10.00', { countries: ['CN', 'KZ'] }))).toBe(
      'accepted',
    );
    expect(await rejection(g, reserveGuarantee, request(mrn, '10.00', { countries: ['CN', 'KZ'] }))).toBe(
      'accepted',
    ); // a retry, not a second reservation
    expect((await g.query(guaranteeBalance)).reserved).toBe('10.00');
    await g.signal(revokeGuarantee, { reason: 'guarantor withdrew', by: 'supervisor' });
    await eventually(
      () => g.query(guaranteeBalance),
      (b) => b.status === 'REVOKED',
    );
    expect(await rejection(g, reserveGuarantee, request(freshMrn(), '10.00', { countries: ['CN'] }))).toMatch(
      /revoked \(guarantor withdrew\)/,
    );
    // the open movement stays covered and can still be released; then the entity closes
    await send(g, releaseGuarantee, mrn);
    const done = await eventually(
      () => g.describe(),
      (d) => d.status.name !== 'RUNNING',
    );
    expect(done.status.name).toBe('COMPLETED');
  });
});

test('expiry during an open movement: the holder and the offices on the movement are warned, the guarantee EXPIRES, refuses new reservations, and the movement is still written off', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const now = await env.currentTimeMs();
    const grn = freshGrn();
    const validUntil = isoDate(now + 10 * DAY);
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { validFrom: isoDate(now - DAY), validUntil }),
      { expiryWarningLeadMs: 5 * DAY },
    );
    const h = await startTransit(env, taskQueue, transitDeclaration(grn), {
      settings: { timeLimitMs: 20 * DAY },
    });
    await eventually(
      () => h.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );

    await env.sleep(7 * DAY); // past validUntil - 5 days
    const warned = await eventually(
      () => g.query(guaranteeView),
      (v) => v.timeline.some((e) => e.type === 'expiry-warning'),
    );
    expect(warned.state).toBe('ACTIVE');
    await eventually(
      async () => outbox,
      (o) => o.filter((m) => m.type === 'GUARANTEE_EXPIRY_WARNING').length >= 5,
    );
    expect(
      outbox
        .filter((m) => m.type === 'GUARANTEE_EXPIRY_WARNING')
        .map((m) => m.destination)
        .sort(),
    ).toEqual([
      'holder:CN91650100MA7XYZ12',
      'office:CNURU001',
      'office:KGAKZ001',
      'office:KGBIS001',
      'office:KZKHO001',
    ]);

    await env.sleep(5 * DAY); // past the end of validUntil
    const expired = await eventually(
      () => g.query(guaranteeBalance),
      (b) => b.status === 'EXPIRED',
    );
    expect(expired.status).toBe('EXPIRED');
    expect(expired.openReservations.map((r) => r.mrn)).toEqual([(await h.query(transitView)).mrn]);
    expect(await rejection(g, reserveGuarantee, request(freshMrn(), '10.00'))).toMatch(
      /expired at the end of/,
    );
    expect((await g.describe()).status.name).toBe('RUNNING'); // still answering for the open movement

    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' });
    await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg' });
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg', conform: true });
    await eventually(
      () => h.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    expect((await h.query(transitView)).state).toBe('WRITTEN_OFF');
    const closed = await eventually(
      () => g.describe(),
      (d) => d.status.name !== 'RUNNING',
    );
    expect(closed.status.name).toBe('COMPLETED');
    const final = await g.query(guaranteeView);
    expect(final.timeline.map((e) => e.state ?? e.type)).toEqual([
      'ACTIVE',
      'expiry-warning',
      'EXPIRED',
      'EXPIRED',
    ]);
    expect(final.balance).toMatchObject({ reserved: '0.00', available: '250000.00' });
  });
});

test('an extension of validity moves the expiry and re-arms the warning; a shorter date is refused', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const now = await env.currentTimeMs();
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { validFrom: isoDate(now - DAY), validUntil: isoDate(now + 3 * DAY) }),
      { expiryWarningLeadMs: DAY },
    );
    await g.signal(extendGuaranteeValidity, { validUntil: isoDate(now + 30 * DAY), by: 'guarantor' });
    await g.signal(extendGuaranteeValidity, { validUntil: isoDate(now + 2 * DAY), by: 'guarantor' });
    const v = await eventually(
      () => g.query(guaranteeView),
      (x) => x.timeline.some((e) => e.type === 'extension-refused'),
    );
    expect(v.balance.validUntil).toBe(isoDate(now + 30 * DAY));
    await env.sleep(10 * DAY);
    expect((await g.query(guaranteeBalance)).status).toBe('ACTIVE');
    await g.terminate('test done');
  });
});

test('continues as new before the history grows large, keeping the ledger and open reservations', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn), { historyLimit: 60 });
    const firstRun = (await g.describe()).runId;
    const keep = freshMrn();
    await send(g, reserveGuarantee, request(keep, '500.00'));
    for (let i = 0; i < 25; i++) {
      const mrn = freshMrn();
      await send(g, reserveGuarantee, request(mrn, '1000.00'));
      await send(g, releaseGuarantee, mrn);
    }
    const v = await eventually(
      () => g.query(guaranteeView),
      (x) => x.generation > 0,
    );
    expect(v.generation).toBeGreaterThan(0);
    expect((await env.client.workflow.getHandle(`guarantee/${grn}`).describe()).runId).not.toBe(firstRun);
    const b: Balance = await g.query(guaranteeBalance);
    expect(b).toMatchObject({ reserved: '500.00', available: '249500.00' });
    expect(b.openReservations.map((r) => r.mrn)).toEqual([keep]);
    expect(v.timeline.some((e) => e.type === 'continued-as-new')).toBe(true);
    await g.terminate('test done');
  });
});
