import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseView, recordControlResult, supervise, type SupervisorAction } from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  DAY,
  HOUR,
  controlResult,
  declaration,
  inState,
  update,
  viewOf,
  type Harness,
  startHarness,
} from '../../workflows/declaration-harness';
import { payInFull, save, states } from './save';

/** Declaration paths driven by supervisors and by the SLA clock. */
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const act = (
  signal: SupervisorAction['signal'],
  reason: string,
  extra: Partial<SupervisorAction> = {},
): SupervisorAction => ({
  signal,
  reason,
  actor: 'supervisor-1',
  role: 'supervisor',
  ...extra,
});

test('declaration: red under control, cancelled by a supervisor', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(handle, supervise, act('cancel', 'duplicate of an earlier declaration'));
  const final = await handle.result();
  expect(final.state).toBe('CANCELLED');
  expect(final.timeline.at(-1)).toMatchObject({
    state: 'CANCELLED',
    actor: 'supervisor-1',
    reason: 'cancelled by supervisor: duplicate of an earlier declaration',
  });
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  await save(env, 'declaration-cancelled-by-supervisor', handle);
});

test('declaration: red under control, released from control by a supervisor, duties paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(handle, supervise, act('release', 'examination waived: perishable goods'));
  const due = await inState(handle, 'AWAITING_PAYMENT');
  expect(due.control!.result).toMatchObject({
    outcome: 'CONFORM',
    officerId: 'supervisor-1',
    remarks: 'released from control by supervisor: examination waived: perishable goods',
  });
  expect(h.risk.outcomes.some((o) => o.eventKey.startsWith(handle.workflowId))).toBe(false);
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'RED' });
  expect(final.timeline.some((e) => e.type === 'supervisor-release' && e.actor === 'supervisor-1')).toBe(
    true,
  );
  await save(env, 'declaration-released-from-control-by-supervisor', handle);
});

test('declaration: yellow under control, supervisor extends the deadline and reassigns, not stuck at the old SLA, conform, paid, released', async () => {
  const handle = await h.start(declaration('TIN-YELLOW'));
  const before = await inState(handle, 'UNDER_CONTROL'); // UNDER_CONTROL SLA: 4 h
  await update(
    handle,
    supervise,
    act('extend-deadline', 'laboratory analysis takes a day', { extendByMs: DAY }),
  );
  await update(handle, supervise, act('reassign', 'team A on leave', { assignee: 'KZALA001-team-b' }));
  const v = await viewOf(handle, (x) => x.assignedTo === 'KZALA001-team-b');
  expect(Date.parse(v.pending!.deadline!) - Date.parse(before.pending!.deadline!)).toBe(DAY);
  await env.sleep(5 * HOUR);
  expect((await handle.query(caseView)).stuck).toBe(false);
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({
    state: 'RELEASED',
    assignedTo: 'KZALA001-team-b',
    stuck: false,
    escalations: 0,
  });
  expect(final.timeline.filter((e) => e.actor === 'supervisor-1').map((e) => e.type)).toEqual([
    'deadline-extended',
    'reassigned',
  ]);
  await save(env, 'declaration-extend-deadline-reassigned', handle);
});

test('declaration: yellow under control with no officer, SLA breached (stuck) then breached again (system escalation), control resumes it, paid, released', async () => {
  const handle = await h.start(declaration('TIN-YELLOW'));
  await inState(handle, 'UNDER_CONTROL');
  await env.sleep(4 * HOUR + 60_000);
  const stuck = await viewOf(handle, (v) => v.stuck);
  expect(stuck).toMatchObject({ stuck: true, escalations: 0, stuckSince: expect.any(String) });
  await env.sleep(4 * HOUR);
  const escalated = await viewOf(handle, (v) => v.escalations > 0);
  expect(escalated.escalations).toBe(1);
  expect(escalated.timeline.at(-1)).toMatchObject({
    type: 'escalated',
    actor: 'system',
    state: 'UNDER_CONTROL',
  });
  expect(h.notices.filter((n) => n.caseId === handle.workflowId).map((n) => n.kind)).toEqual([
    'stuck',
    'escalated',
  ]);
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  const due = await payInFull(handle);
  expect(due.stuck).toBe(false);
  expect(due.stuckSince).toBeUndefined();
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', escalations: 1, stuck: false });
  expect(states(final)).toEqual([
    'LODGED',
    'ACCEPTED',
    'RISK_ASSESSED',
    'UNDER_CONTROL',
    'DUTIES_ASSESSED',
    'AWAITING_PAYMENT',
    'RELEASED',
  ]);
  await save(env, 'declaration-sla-stuck-escalated', handle);
});
