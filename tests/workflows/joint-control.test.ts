import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { acceptJointEntry, bookJointInspection, recordJointInspection, supervise } from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  HOUR,
  jointInput,
  rejection,
  send,
  startJoint,
  until,
  withJointWorker,
} from './joint-control-harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const officers = [
  { country: 'CN', officer: 'Li Wei' },
  { country: 'KZ', officer: 'Aliev' },
];
const states = (v: { timeline: { type: string; state?: string }[] }) =>
  v.timeline.filter((e) => e.type === 'state').map((e) => e.state);

describe('joint control workflow on the time-skipping server', () => {
  test('KZ watch list: RED by the entry side, one inspection, exit then entry recorded on the movement, closed', async () => {
    await withJointWorker(env, async ({ taskQueue, crossings, outbox }) => {
      const h = await startJoint(env, taskQueue, jointInput({ holderTin: 'KZ000000000666' }));
      const v = await until(h, (x) => x.state === 'AWAITING_INSPECTION');
      expect(v.decisions?.entry).toMatchObject({ country: 'KZ', channel: 'RED', profileId: 'demo-kz' });
      expect(v.decisions?.exit).toMatchObject({ country: 'CN', channel: 'GREEN', profileId: 'demo-region' });
      await send(h, bookJointInspection, { actor: 'cn-1', country: 'CN', slot: '2026-12-02T10:00:00Z' });
      const cmd = { actor: 'kz-1', country: 'KZ', result: 'CONFORM', officers, sealsIntact: true };
      await send(h, recordJointInspection, cmd);
      expect(await rejection(h, recordJointInspection, cmd)).toMatch(/already recorded/);
      await send(h, acceptJointEntry, { actor: 'kz-1', country: 'KZ' });
      const done = await h.result();
      expect(done.state).toBe('ENTRY_ACCEPTED');
      expect(crossings.map((c) => `${c.office} by ${c.officer}`)).toEqual([
        'CNKHO001 by kz-1',
        'KZKHO001 by kz-1',
      ]);
      expect(done.movementCrossings.map((c) => c.ok)).toEqual([true, true]);
      expect(outbox.map((m) => m.destination)).toEqual(expect.arrayContaining(['partner:KZ', 'partner:CN']));
    });
  });

  test('sealed, green, AEO: no stop, both crossings recorded from data, closed without a command', async () => {
    await withJointWorker(env, async ({ taskQueue, crossings }) => {
      const h = await startJoint(env, taskQueue, jointInput({ aeo: true }));
      const done = await h.result();
      expect(done).toMatchObject({ state: 'ENTRY_ACCEPTED', noStop: true, channel: 'GREEN' });
      expect(states(done)).toEqual(['ARRIVED', 'EXIT_CONFIRMED', 'ENTRY_ACCEPTED']);
      // No movement runs here: the joint control says so and goes on.
      expect(done.timeline.some((e) => e.type === 'movement-not-told')).toBe(true);
      expect(crossings.map((c) => c.office)).toEqual(['CNKHO001', 'KZKHO001']);
    });
  });

  test('a crossing the movement refuses is kept with its reason; the joint control still closes', async () => {
    const refuse = () => 'the movement is ENQUIRY';
    await withJointWorker(
      env,
      async ({ taskQueue }) => {
        const h = await startJoint(env, taskQueue, jointInput({ aeo: true }));
        const done = await h.result();
        expect(done.movementCrossings).toEqual([
          expect.objectContaining({ office: 'CNKHO001', ok: false, reason: 'the movement is ENQUIRY' }),
          expect.objectContaining({ office: 'KZKHO001', ok: false }),
        ]);
      },
      { refuse },
    );
  });

  test('nobody books the inspection: stuck after the SLA, escalated after the second; a supervisor escalates too', async () => {
    await withJointWorker(env, async ({ taskQueue }) => {
      const h = await startJoint(env, taskQueue, jointInput());
      await until(h, (x) => x.state === 'AWAITING_INSPECTION');
      await env.sleep(4 * HOUR + 60_000);
      const stuck = await until(h, (x) => x.stuck);
      expect(stuck.timeline.at(-1)).toMatchObject({ type: 'sla-breach', state: 'AWAITING_INSPECTION' });
      await env.sleep(4 * HOUR);
      await until(h, (x) => x.escalations === 1);
      const escalated = await send(h, supervise, {
        signal: 'escalate',
        role: 'supervisor',
        actor: 'sup-1',
        reason: 'no officer at the post',
      });
      expect(escalated.escalations).toBe(2);
      expect(
        await rejection(h, supervise, { signal: 'cancel', role: 'supervisor', actor: 's', reason: 'why' }),
      ).toMatch(/cancel does not apply/);
      const booked = await send(h, bookJointInspection, {
        actor: 'kz-1',
        country: 'KZ',
        slot: '2026-12-02T10:00:00Z',
      });
      expect(booked).toMatchObject({ state: 'INSPECTION_BOOKED', stuck: false });
      await h.terminate('test over');
    });
  });

  test('a side without a risk profile: stuck with the reason; a supervisor retry once it is there moves the case on', async () => {
    let missing = true;
    await withJointWorker(
      env,
      async ({ taskQueue }) => {
        const h = await startJoint(env, taskQueue, jointInput({ aeo: true }));
        const stuck = await until(h, (x) => x.stuck);
        expect(stuck.state).toBe('ARRIVED');
        expect(stuck.timeline.at(-1)).toMatchObject({
          type: 'step-failed',
          reason: expect.stringMatching(/no risk profile for country KZ/),
        });
        const retry = { signal: 'retry', role: 'supervisor', actor: 'sup-1', reason: 'KZ profile activated' };
        missing = false;
        await send(h, supervise, retry);
        const done = await h.result();
        expect(done).toMatchObject({ state: 'ENTRY_ACCEPTED', noStop: true, stuck: false });
        expect(done.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['step-failed', 'retry']));
      },
      {
        assess: (real) => async (req) => {
          if (missing && req.side.country === 'KZ')
            throw ApplicationFailure.nonRetryable('no risk profile for country KZ', 'RiskProfileNotFound');
          return real(req);
        },
      },
    );
  });
});
