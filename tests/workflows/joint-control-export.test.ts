import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { confirmExportExit } from '../../activities/joint-control/export-exit';
import {
  acceptJointEntry,
  bookJointInspection,
  caseView,
  confirmExit,
  recordControlResult,
  recordJointInspection,
  type DeclarationView,
  type JointControlInput,
} from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  controlResult,
  exportDeclaration,
  inState,
  update,
  viewOf,
  type Harness,
  startHarness,
} from './declaration-harness';
import { jointInput, send, startJoint, until, withJointWorker } from './joint-control-harness';

/**
 * An export from KZ to CN at the Khorgos posts: the joint control confirms the export's exit on its
 * own declaration workflow (the real `confirmExit` through the activity), and keeps the entry side's
 * acceptance itself (CN has no Clearway case for it).
 */
let env: TestWorkflowEnvironment;
let h: Harness;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'joint-export');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

/** A released export of TIN-RED (controlled, conform), awaiting its exit at KZKHO001. */
async function releasedExport(seals?: string[]) {
  const handle = await h.start(
    exportDeclaration('TIN-RED', (d) => {
      if (seals) d.transport.seals = seals;
    }),
  );
  await inState(handle, 'UNDER_CONTROL');
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  await viewOf(handle, (v) => !!v.exit);
  return handle;
}

function exportInput(
  v: DeclarationView,
  over: Partial<JointControlInput['movement']> = {},
): JointControlInput {
  const base = jointInput();
  return {
    ...base,
    exit: { office: 'KZKHO001', country: 'KZ' },
    entry: { office: 'CNKHO001', country: 'CN' },
    movement: {
      ...base.movement,
      kind: 'export',
      mrn: v.mrn,
      holderTin: 'KZ000000000666',
      routeCountries: ['KZ', 'CN'],
      seals: [],
      ...over,
    },
    arrivedBy: 'kz-officer',
  };
}

const officers = [
  { country: 'KZ', officer: 'Aliev' },
  { country: 'CN', officer: 'Li Wei' },
];
const record = (r: Parameters<typeof confirmExportExit>[1]) => confirmExportExit(env.client, r);

test('one joint inspection: the exit confirmed on the declaration by the officer, the entry accepted by CN', async () => {
  const decl = await releasedExport();
  const v = await decl.query(caseView);
  await withJointWorker(
    env,
    async ({ taskQueue, crossings, outbox }) => {
      const j = await startJoint(env, taskQueue, exportInput(v));
      await until(j, (x) => x.state === 'AWAITING_INSPECTION');
      await send(j, bookJointInspection, { actor: 'cn-1', country: 'CN', slot: '2026-12-02T10:00:00Z' });
      await send(j, recordJointInspection, {
        actor: 'kz-1',
        country: 'KZ',
        result: 'CONFORM',
        officers,
        sealsIntact: true,
      });
      await send(j, acceptJointEntry, { actor: 'cn-1', country: 'CN' });
      const done = await j.result();
      expect(done.state).toBe('ENTRY_ACCEPTED');
      // Only the exit has a Clearway case to record on; the entry stays with the joint control.
      expect(crossings.map((c) => `${c.kind} ${c.office} by ${c.officer}`)).toEqual([
        'export KZKHO001 by kz-1',
      ]);
      expect(done.movementCrossings).toEqual([expect.objectContaining({ office: 'KZKHO001', ok: true })]);
      expect(
        done.timeline.some((e) => e.reason === `crossing at KZKHO001 recorded on declaration/${v.mrn}`),
      ).toBe(true);
      expect(done.timeline.some((e) => e.type === 'movement-not-told')).toBe(false);
      expect(outbox.filter((m) => m.type === 'JOINT_ENTRY_ACCEPTED').map((m) => m.destination)).toEqual([
        'partner:KZ',
      ]);
      const final = await decl.result();
      expect(final.exit).toMatchObject({
        office: 'KZKHO001',
        by: 'kz-1',
        via: 'joint-control',
        jointControl: j.workflowId,
      });
      expect(final.timeline.at(-1)).toMatchObject({ type: 'exit-confirmed', actor: 'kz-1' });
    },
    { record },
  );
});

test('sealed, green, AEO export: no stop, the exit confirmed from data', async () => {
  const decl = await releasedExport(['KZS0001']);
  const v = await decl.query(caseView);
  await withJointWorker(
    env,
    async ({ taskQueue }) => {
      const input = exportInput(v, { holderTin: 'KZ123456789012', aeo: true, seals: ['KZS0001'] });
      const j = await startJoint(env, taskQueue, input);
      const done = await j.result();
      expect(done).toMatchObject({ state: 'ENTRY_ACCEPTED', noStop: true, channel: 'GREEN' });
      const final = await decl.result();
      expect(final.exit).toMatchObject({ via: 'joint-control', by: 'system', jointControl: j.workflowId });
    },
    { record },
  );
});

test('an exit confirmed at the counter first: the joint control keeps the declaration refusal', async () => {
  const decl = await releasedExport(['KZS0002']);
  const v = await decl.query(caseView);
  await update(decl, confirmExit, {
    office: 'KZKHO001',
    actor: 'kz-counter',
    via: 'office',
  });
  await withJointWorker(
    env,
    async ({ taskQueue }) => {
      const input = exportInput(v, { holderTin: 'KZ123456789012', aeo: true, seals: ['KZS0002'] });
      const done = await (await startJoint(env, taskQueue, input)).result();
      expect(done.movementCrossings).toEqual([
        expect.objectContaining({
          office: 'KZKHO001',
          ok: false,
          reason: expect.stringMatching(/already confirmed|not open/),
        }),
      ]);
    },
    { record },
  );
});
