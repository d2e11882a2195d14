import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  amendDeclaration,
  caseView,
  confirmPayment,
  invalidateDeclaration,
  presentGoods,
  recordControlResult,
  reroute,
} from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  DAY,
  MINUTE,
  controlResult,
  declaration,
  inState,
  rejection,
  startHarness,
  update,
  viewOf,
  stop,
  type Harness,
} from './declaration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'decl-life');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const payment = (
  amount: string,
  currency = 'KZT',
  reference = `PAY-${Math.random().toString(36).slice(2, 8)}`,
) => ({
  method: 'PAYMENT' as const,
  reference,
  amount,
  currency,
  actor: 'treasury',
});

describe('stand-by green window', () => {
  test('an officer re-routes a green case to RED inside the window', async () => {
    const handle = await h.start(declaration('TIN-GREEN'), { standByMs: 15 * MINUTE });
    const v = await viewOf(handle, (x) => x.pending?.action.startsWith('stand-by') === true);
    expect(v).toMatchObject({ state: 'RISK_ASSESSED', channel: 'GREEN', pending: { by: 'officer' } });
    await update(handle, reroute, {
      channel: 'RED',
      reason: 'driver behaviour at the gate',
      office: 'KZALA001',
      actor: 'officer-3',
      role: 'officer',
    });
    const ctl = await inState(handle, 'UNDER_CONTROL');
    expect(ctl.channel).toBe('RED');
    expect(ctl.control!.type).toBe('PHYSICAL');
    expect(ctl.channelReasons.at(-1)).toMatch(
      /re-routed GREEN -> RED by officer officer-3: driver behaviour at the gate/,
    );
    expect(
      (await handle.describe()).typedSearchAttributes.get({ name: 'Channel', type: 'KEYWORD' } as any),
    ).toBe('RED');

    // lowering it again takes a supervisor
    expect(
      await rejection(
        update(handle, reroute, {
          channel: 'GREEN',
          reason: 'x',
          office: 'KZALA001',
          actor: 'officer-3',
          role: 'officer',
        }),
      ),
    ).toMatch(/takes a supervisor/);
    await update(handle, reroute, {
      channel: 'GREEN',
      reason: 'alert cleared',
      office: 'KZALA001',
      actor: 'sup-1',
      role: 'supervisor',
    });
    const due = await inState(handle, 'AWAITING_PAYMENT');
    expect(due.channel).toBe('GREEN');
    await stop(handle);
  });

  test('without re-routing, the case moves on when the window closes', async () => {
    const handle = await h.start(declaration('TIN-GREEN'), { standByMs: 15 * MINUTE });
    await viewOf(handle, (x) => x.pending?.action.startsWith('stand-by') === true);
    await env.sleep(15 * MINUTE + 1000);
    const v = await inState(handle, 'AWAITING_PAYMENT');
    expect(v.timeline.some((e) => e.type === 'stand-by-ended')).toBe(true);
    await stop(handle);
  });

  test('re-routing is refused outside a stand-by window', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    await inState(handle, 'AWAITING_PAYMENT');
    expect(
      await rejection(
        update(handle, reroute, {
          channel: 'RED',
          reason: 'late',
          office: 'KZALA001',
          actor: 'officer-3',
          role: 'officer',
        }),
      ),
    ).toMatch(/cannot be re-routed in state AWAITING_PAYMENT/);
    await stop(handle);
  });
});

describe('pre-lodged declarations', () => {
  test('the goods not presented before the deadline: REJECTED', async () => {
    const handle = await h.start(
      declaration('TIN-GREEN', (d) => (d.additionalType = 'D')),
      { presentationDeadlineMs: 3 * DAY },
    );
    const v = await inState(handle, 'AWAITING_PRESENTATION');
    expect(v.pending).toMatchObject({ by: 'officer' });
    const final = await handle.result();
    expect(final.state).toBe('REJECTED');
    expect(Date.parse(final.timeline.at(-1)!.at) - Date.parse(v.timeline.at(-1)!.at)).toBeGreaterThanOrEqual(
      3 * DAY,
    );
    expect(final.risk).toBeUndefined();
  });

  test('presented in time: risk assessment follows', async () => {
    const handle = await h.start(declaration('TIN-GREEN', (d) => (d.additionalType = 'E')));
    await inState(handle, 'AWAITING_PRESENTATION');
    expect(await rejection(update(handle, presentGoods, { office: 'KGBIS001', actor: 'officer-1' }))).toMatch(
      /does not handle this case/,
    );
    await update(handle, presentGoods, { office: 'KZALA001', actor: 'officer-1' });
    const v = await inState(handle, 'AWAITING_PAYMENT');
    expect(v.channel).toBe('GREEN');
    await stop(handle);
  });
});

describe('amendments', () => {
  test('an amendment before release re-runs validation, risk and assessment', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const before = await inState(handle, 'AWAITING_PAYMENT');
    expect(before.risk!.round).toBe(1);
    const items = before.declaration.items.map((it) =>
      it.seq === 1 ? { ...it, invoiceAmount: '122000.00' } : it,
    );
    await update(handle, amendDeclaration, {
      amendment: {
        reason: 'invoice corrected by the seller',
        changes: { items, invoice: { ...before.declaration.invoice, amount: '125400.00' } },
      },
      actor: 'cs-test',
    });
    // the invoice now crosses the test profile's 100,000 rule (weight 60 >= yellow 50)
    const after = await inState(handle, 'UNDER_CONTROL');
    expect(after.amendments).toBe(1);
    expect(after.risk!.round).toBe(2);
    expect(after.risk!.draw).toBe(before.risk!.draw); // same seed: amending does not re-roll the random selection
    expect(after.channel).toBe('YELLOW');
    expect(
      after.timeline.some((e) => e.type === 'amended' && e.reason === 'invoice corrected by the seller'),
    ).toBe(true);
    await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
    const due = await inState(handle, 'AWAITING_PAYMENT');
    expect(Number(due.duties!.totals.total)).toBeGreaterThan(Number(before.duties!.totals.total));
    await stop(handle);
  });

  test('an amendment validated against an earlier version of the declaration is refused before it reaches history', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    const msg = await rejection(
      update(handle, amendDeclaration, {
        amendment: { reason: 'typo', changes: { invoice: { ...v.declaration.invoice } } },
        actor: 'cs-test',
        basedOn: 1,
      }),
    );
    expect(msg).toMatch(/amended in the meantime/);
    expect((await handle.query(caseView)).amendments).toBe(0);
    await stop(handle);
  });

  test('refuses an amendment after release', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    await handle.signal(confirmPayment, payment(v.duties!.totals.total));
    await inState(handle, 'RELEASED');
    const msg = await rejection(
      update(handle, amendDeclaration, {
        amendment: { reason: 'late change', changes: { incoterm: 'CIF' } },
        actor: 'cs-test',
      }),
    );
    expect(msg).toMatch(/cannot be amended once RELEASED/);
    expect((await handle.result()).amendments).toBe(0);
  });
});

describe('invalidation', () => {
  test('the declarant invalidates before release; customs may not', async () => {
    const handle = await h.start(declaration('TIN-YELLOW'));
    await inState(handle, 'UNDER_CONTROL');
    expect(
      await rejection(
        update(handle, invalidateDeclaration, { by: 'customs', actor: 'officer-1', reason: 'x' }),
      ),
    ).toMatch(/customs invalidate only after release/);
    await update(handle, invalidateDeclaration, {
      by: 'declarant',
      actor: 'cs-test',
      reason: 'goods not shipped',
    });
    const final = await handle.result();
    expect(final.state).toBe('INVALIDATED');
    expect(final.timeline.at(-1)).toMatchObject({ state: 'INVALIDATED', actor: 'cs-test' });
  });

  test('after release only customs invalidate', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    await handle.signal(confirmPayment, payment(v.duties!.totals.total));
    await inState(handle, 'RELEASED');
    expect(
      await rejection(
        update(handle, invalidateDeclaration, { by: 'declarant', actor: 'cs-test', reason: 'x' }),
      ),
    ).toMatch(/after release only customs can/);
    await update(handle, invalidateDeclaration, {
      by: 'customs',
      actor: 'officer-1',
      reason: 'goods re-exported unused',
    });
    expect((await handle.result()).state).toBe('INVALIDATED');
  });
});
