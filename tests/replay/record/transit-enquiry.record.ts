import {
  answerEnquiry,
  arrivalRecordView,
  guaranteeBalance,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordUnloadingRemarks,
  transitView,
} from '../../../contracts';
import { eventually } from '../../support/temporal';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { inOwnEnv, save, settledMovement, states } from './save';

/**
 * Transit movements that do not simply arrive: the time limit passes (enquiry, proof or recovery),
 * discrepancies stay unresolved, the guarantee or the control at departure stops the movement.
 */
const inState = (t: Parameters<typeof send>[0], state: string) =>
  eventually(
    () => t.query(transitView),
    (x) => x.state === state,
  );
const crossAll = async (t: Parameters<typeof send>[0]) => {
  await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
  await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
};

test('transit: time limit passed, enquiry unanswered for 28 days, recovery charged to the guarantee, written off; arrival record follows', async () => {
  await inOwnEnv(async (env, { taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await inState(t, 'RELEASED_FOR_TRANSIT');
    await env.sleep(6 * DAY + 60_000);
    const enquiry = await inState(t, 'ENQUIRY');
    expect(enquiry.pending).toMatchObject({ action: 'answer the non-arrival enquiry', by: 'holder' });
    await env.sleep(28 * DAY);
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'RECOVERY',
      guarantee: { status: 'CHARGED' },
    });
    expect(final.recovery).toMatchObject({
      basis: 'NON_ARRIVAL',
      country: 'KG',
      nationalCurrency: 'KGS',
      currency: 'USD',
      itemSeqs: [1, 2],
    });
    expect(states(final)).toEqual([
      'LODGED',
      'ACCEPTED',
      'RELEASED_FOR_TRANSIT',
      'ENQUIRY',
      'RECOVERY',
      'WRITTEN_OFF',
    ]);
    expect((await g.query(guaranteeBalance)).charged).toBe(final.recovery!.amount);
    expect(outbox.some((m) => m.type === 'IE035')).toBe(true);
    const a = env.client.workflow.getHandle(`arrival/${final.mrn}`);
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    const record = await a.query(arrivalRecordView);
    expect(record).toMatchObject({ state: 'WRITTEN_OFF', closure: 'RECOVERY' });
    expect(states(record)).toEqual(['ANTICIPATED', 'ENQUIRY', 'WRITTEN_OFF']);
    await save(env, 'transit-enquiry-recovery', t);
    await save(env, 'arrival-record-enquiry-recovery', a);
    await save(env, 'guarantee-charged-by-recovery', g);
    await g.terminate('recorded');
  });
});

test('transit: time limit passed, enquiry answered with proof of arrival, written off, reservation released', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await inState(t, 'RELEASED_FOR_TRANSIT');
    await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer' });
    await env.sleep(6 * DAY + 60_000);
    await inState(t, 'ENQUIRY');
    await env.sleep(3 * DAY);
    const proof = { kind: 'DESTINATION_ENDORSEMENT', reference: 'KG-IM-2026-0099', office: 'KGBIS001' };
    await send(t, answerEnquiry, { by: 'holder', proof });
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'ENQUIRY_PROOF',
      guarantee: { status: 'RELEASED' },
    });
    expect(final.enquiry!.answer).toMatchObject({ by: 'holder', proof });
    expect(states(final)).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ENQUIRY', 'WRITTEN_OFF']);
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await save(env, 'transit-enquiry-answered-with-proof', t);
    await g.terminate('recorded');
  });
});

test('transit: crossed both borders, time limit passed, arrival notified late during the enquiry, unloaded, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await inState(t, 'RELEASED_FOR_TRANSIT');
    await crossAll(t);
    await env.sleep(6 * DAY + 60_000);
    await inState(t, 'ENQUIRY');
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    await inState(t, 'ARRIVED');
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'ARRIVAL',
      guarantee: { status: 'RELEASED' },
    });
    expect(final.timeline.some((e) => e.type === 'late-arrival')).toBe(true);
    expect(states(final)).toEqual([
      'LODGED',
      'ACCEPTED',
      'RELEASED_FOR_TRANSIT',
      'ENQUIRY',
      'ARRIVED',
      'WRITTEN_OFF',
    ]);
    await save(env, 'transit-late-arrival-during-enquiry', t);
    await g.terminate('recorded');
  });
});

test('transit: discrepancies left unresolved past the resolution time, recovery on the items concerned, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await inState(t, 'RELEASED_FOR_TRANSIT');
    await crossAll(t);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    const discrepancies = [{ itemSeq: 2, description: '200 cartons of pullovers missing' }];
    await send(t, recordUnloadingRemarks, {
      office: 'KGBIS001',
      officer: 'kg-dest',
      conform: false,
      discrepancies,
    });
    await env.sleep(3 * DAY + 60_000);
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'RECOVERY',
      guarantee: { status: 'CHARGED' },
    });
    expect(final.recovery).toMatchObject({ basis: 'UNRESOLVED_DISCREPANCIES', itemSeqs: [2], country: 'KG' });
    expect(final.timeline.some((e) => e.type === 'discrepancies-unresolved')).toBe(true);
    await save(env, 'transit-discrepancies-unresolved-recovery', t);
    await g.terminate('recorded');
  });
});

test('transit: guarantee not valid on the route, not amended before the deadline, not released', async () => {
  await inOwnEnv(async (env, { taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { countriesOfValidity: ['CN', 'KZ'] }),
    );
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    const refused = await inState(t, 'GUARANTEE_REFUSED');
    expect(refused.guarantee.refusal).toMatch(/not valid in KG/);
    await env.sleep(3 * DAY + 60_000);
    const final = await settledMovement(t);
    expect(final).toMatchObject({ state: 'NOT_RELEASED', guarantee: { status: 'REFUSED' } });
    expect(final.timeline.at(-1)!.reason).toMatch(/not amended before the deadline/);
    expect(outbox.some((m) => m.type === 'IE051')).toBe(true);
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    await save(env, 'transit-guarantee-refused-not-released', t);
    await g.terminate('recorded');
  });
});

test('transit: unsealed goods examined at departure, control non-conform, not released, reservation released', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (x) => (x.transport.seals = [])),
    );
    const ctl = await inState(t, 'UNDER_CONTROL');
    expect(ctl).toMatchObject({ channel: 'RED', pending: { by: 'officer' } });
    await send(t, recordDepartureControl, {
      office: 'CNURU001',
      officer: 'cn-officer',
      result: 'NON_CONFORM',
      reason: 'undeclared goods in the load',
    });
    const final = await settledMovement(t);
    expect(final).toMatchObject({ state: 'NOT_RELEASED', guarantee: { status: 'RELEASED' } });
    expect(final.timeline.at(-1)!.reason).toMatch(/IE051 no release: undeclared goods in the load/);
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await save(env, 'transit-control-not-released', t);
    await g.terminate('recorded');
  });
});
