import { createGuaranteeGateway } from '../../../activities/transit';
import {
  caseView,
  confirmPayment,
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
  type ReserveRequest,
} from '../../../contracts';
import { createTimeSkippingEnv, eventually } from '../../support/temporal';
import {
  HOUR,
  MINUTE,
  declaration,
  inState,
  viewOf,
  startHarness,
} from '../../workflows/declaration-harness';
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
} from '../../workflows/transit-helpers';
import { inOwnEnv, save, settledMovement } from './save';

/** Guarantee paths, and a declaration whose duties a guarantee secures. Each on a server of its own. */
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const request = (mrn: string, amount: string): ReserveRequest => ({
  mrn,
  amount,
  currency: 'USD',
  accessCode: '7391',
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001', 'KGBIS001'],
});
const closed = (g: { describe(): Promise<{ status: { name: string } }> }) =>
  eventually(
    () => g.describe(),
    (d) => d.status.name !== 'RUNNING',
  );

test('declaration: duties secured on a guarantee workflow (a wrong access code refused first), released', async () => {
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env, 'record', {
    reserveOnGuarantee: createGuaranteeGateway(env.client).reserveOnGuarantee,
    enqueueExchangeMessages: async (messages: unknown[]) => messages.length, // the guarantee's notices
  });
  try {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    const { due, currency } = v.payment!;
    const grn = freshGrn();
    const reg = guaranteeRegistration(grn, {
      currency,
      referenceAmount: (Number(due) * 10).toFixed(2),
      countriesOfValidity: ['KZ'],
    });
    const g = await startGuarantee(env, h.taskQueue, reg);
    const secure = (reference: string, accessCode: string) => ({
      method: 'GUARANTEE' as const,
      reference,
      grn,
      accessCode,
      actor: 'cs-test',
    });
    await handle.signal(confirmPayment, secure('G-1', '0000'));
    const refused = await viewOf(handle, (x) => x.timeline.some((e) => e.type === 'guarantee-refused'));
    expect(refused.state).toBe('AWAITING_PAYMENT');
    expect(refused.timeline.at(-1)!.reason).toMatch(/wrong access code/);
    await handle.signal(confirmPayment, secure('G-2', '7391'));
    await viewOf(handle, (x) => x.state === 'RELEASED');
    // Not `result()`: it unlocks time skipping, and the server may then jump to the guarantee's expiry
    // warning months ahead. Skip exactly the post-release window and read the view with time locked.
    await env.sleep(HOUR + MINUTE);
    expect((await closed(handle)).status.name).toBe('COMPLETED');
    const final = await handle.query(caseView);
    expect(final).toMatchObject({
      state: 'RELEASED',
      payment: { paid: '0.00', secured: { grn, amount: due } },
    });
    expect(final.timeline.at(-1)!.reason).toBe('duties paid or secured by guarantee');
    const balance = await g.query(guaranteeBalance);
    expect(balance.reserved).toBe(Number(due).toFixed(2));
    expect(balance.openReservations.map((r) => r.mrn)).toEqual([final.mrn]);
    await save(env, 'declaration-paid-by-guarantee', handle);
    expect((await g.query(guaranteeView)).timeline.map((e) => e.state ?? e.type)).toEqual(['ACTIVE']);
    await save(env, 'guarantee-secures-declaration-duties', g);
    await g.terminate('recorded');
  } finally {
    await h.close();
    await env.teardown();
  }
});

test('guarantee: reservation open, revoked by the guarantor, new reservations refused, released, closed', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(freshGrn()));
    const mrn = freshMrn();
    await send(g, reserveGuarantee, request(mrn, '1000.00'));
    await g.signal(revokeGuarantee, { reason: 'guarantor withdrew', by: 'guarantor' });
    await eventually(
      () => g.query(guaranteeBalance),
      (b) => b.status === 'REVOKED',
    );
    expect(await rejection(g, reserveGuarantee, request(freshMrn(), '10.00'))).toMatch(
      /revoked \(guarantor withdrew\)/,
    );
    await send(g, releaseGuarantee, mrn);
    expect((await closed(g)).status.name).toBe('COMPLETED');
    const final = await g.query(guaranteeView);
    expect(final).toMatchObject({ state: 'REVOKED', balance: { reserved: '0.00', openReservations: [] } });
    expect(final.timeline.map((e) => e.state ?? e.type)).toEqual(['ACTIVE', 'REVOKED', 'REVOKED']);
    await save(env, 'guarantee-revoked-then-closed', g);
  });
});

test('guarantee: validity extended (a shorter date refused), expiry warning, expired with nothing open, closed', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const now = await env.currentTimeMs();
    const reg = guaranteeRegistration(freshGrn(), {
      validFrom: isoDate(now - DAY),
      validUntil: isoDate(now + 3 * DAY),
    });
    const g = await startGuarantee(env, taskQueue, reg, { expiryWarningLeadMs: DAY });
    await g.signal(extendGuaranteeValidity, { validUntil: isoDate(now + 10 * DAY), by: 'guarantor' });
    await g.signal(extendGuaranteeValidity, { validUntil: isoDate(now + 2 * DAY), by: 'guarantor' });
    const v = await eventually(
      () => g.query(guaranteeView),
      (x) => x.timeline.some((e) => e.type === 'extension-refused'),
    );
    expect(v.balance.validUntil).toBe(isoDate(now + 10 * DAY));
    await env.sleep(12 * DAY);
    expect((await closed(g)).status.name).toBe('COMPLETED');
    const final = await g.query(guaranteeView);
    expect(final.state).toBe('EXPIRED');
    expect(final.timeline.map((e) => e.state ?? e.type)).toEqual([
      'ACTIVE',
      'validity-extended',
      'extension-refused',
      'expiry-warning',
      'EXPIRED',
      'EXPIRED',
    ]);
    await save(env, 'guarantee-extended-warned-expired', g);
  });
});

test('guarantee: expires while a movement is open, warns the offices, answers for the movement until its write-off, closed', async () => {
  await inOwnEnv(async (env, { taskQueue, outbox }) => {
    const now = await env.currentTimeMs();
    const grn = freshGrn();
    const reg = guaranteeRegistration(grn, {
      validFrom: isoDate(now - DAY),
      validUntil: isoDate(now + 10 * DAY),
    });
    const g = await startGuarantee(env, taskQueue, reg, { expiryWarningLeadMs: 5 * DAY });
    const t = await startTransit(env, taskQueue, transitDeclaration(grn), {
      settings: { timeLimitMs: 20 * DAY },
    });
    await eventually(
      () => t.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );
    await env.sleep(7 * DAY);
    await eventually(
      () => g.query(guaranteeView),
      (v) => v.timeline.some((e) => e.type === 'expiry-warning'),
    );
    await env.sleep(5 * DAY);
    const expired = await eventually(
      () => g.query(guaranteeBalance),
      (b) => b.status === 'EXPIRED',
    );
    expect(expired.openReservations).toHaveLength(1);
    await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' });
    await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg' });
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg', conform: true });
    expect((await settledMovement(t)).state).toBe('WRITTEN_OFF');
    expect((await closed(g)).status.name).toBe('COMPLETED');
    const final = await g.query(guaranteeView);
    expect(final.timeline.map((e) => e.state ?? e.type)).toEqual([
      'ACTIVE',
      'expiry-warning',
      'EXPIRED',
      'EXPIRED',
    ]);
    expect(final.balance).toMatchObject({ reserved: '0.00', available: '250000.00' });
    expect(outbox.filter((m) => m.type === 'GUARANTEE_EXPIRED').length).toBeGreaterThan(0);
    await save(env, 'guarantee-expired-with-open-movement', g);
  });
});

test('guarantee: continues as new when its history grows, carrying the ledger and the open reservation', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn), { historyLimit: 60 });
    const firstRun = (await g.describe()).runId;
    const keep = freshMrn();
    await send(g, reserveGuarantee, request(keep, '500.00'));
    const reserveAndRelease = async () => {
      const mrn = freshMrn();
      await send(g, reserveGuarantee, request(mrn, '1000.00'));
      await send(g, releaseGuarantee, mrn);
    };
    for (let i = 0; i < 30 && (await g.query(guaranteeView)).generation === 0; i++) await reserveAndRelease();
    for (let i = 0; i < 3; i++) await reserveAndRelease(); // some traffic on the carried run too
    const v = await eventually(
      () => g.query(guaranteeView),
      (x) => x.generation > 0,
    );
    expect(v.generation).toBeGreaterThan(0);
    expect(v.timeline.some((e) => e.type === 'continued-as-new')).toBe(true);
    expect(v.balance).toMatchObject({ reserved: '500.00', available: '249500.00' });
    expect(v.balance.openReservations.map((r) => r.mrn)).toEqual([keep]);
    await save(env, 'guarantee-continued-as-new-first-run', g, firstRun);
    await save(env, 'guarantee-continued-as-new-carried', g);
    await g.terminate('recorded');
  });
});
