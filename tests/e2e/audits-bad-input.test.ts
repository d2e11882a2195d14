import {
  auditIdOf,
  auditSampleDraw,
  dispatchAuditRequestsOnce,
  drawAuditSampleOnce,
  requestedAuditStarter,
} from '../../activities/selection';
import { loadAuditPolicy } from '../../activities/selection/policy';
import { enqueueOutbox } from '../../activities/outbox';
import { canonicalJson } from '../../apps/api/declarations/identity';
import { OpenAuditSchema } from '../../domain/schemas/audit';
import { clearance, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { eventually } from '../support/temporal';
import {
  auditWhen,
  declarationOf,
  freshTin,
  noAudit,
  releasedDeclaration,
  useAuditConfig,
} from '../support/audits';

/**
 * Issue 14: what an audit refuses at the door, each time naming the field or giving the reason, with
 * nothing started or stored; and the automatic selection, which opens one audit per request however
 * often the request is delivered.
 */
useAuditConfig();
useClearanceStack('e2e-audits-bad');

const open = (token: string, body: unknown) => stack.request('POST', '/v1/audits', { token, body });
const requestedId = (country: string, body: unknown) =>
  auditIdOf(country, `request|${canonicalJson(OpenAuditSchema.parse(body))}`);
const auditRows = async (mrn: string) =>
  (
    await stack.pool.query(
      `SELECT count(*)::int AS n FROM cases WHERE kind = 'audit' AND view -> 'declarations' ? $1`,
      [mrn],
    )
  ).rows[0].n;

test('an audit request naming bad, unknown, unreleased or time-barred declarations starts nothing', async () => {
  const auditor = stack.token({ role: 'auditor', countries: ['KZ'] });
  const malformed = await open(auditor, { declarations: ['NOT-AN-MRN'], kind: 'SOMETHING' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(
    ['declarations[0]', 'kind', 'reason'].sort(),
  );

  const unknown = await open(auditor, { declarations: ['22ITZXBZYUTJFLJXK6'], reason: 'checking' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.issues).toEqual([
    expect.objectContaining({ path: 'declarations[0]', code: 'not_found' }),
  ]);
  expect(await auditRows('22ITZXBZYUTJFLJXK6')).toBe(0);

  // Lodged, duties not paid: not released.
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: declarationOf(freshTin(), 'unrel'),
  });
  const mrn: string = lodged.body.mrn;
  await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  const unreleased = { declarations: [mrn], reason: 'too early' };
  const early = await open(auditor, unreleased);
  expect(early.status).toBe(409);
  expect(early.body.message).toBe(`declaration ${mrn} is AWAITING_PAYMENT, not released`);
  expect(await noAudit(requestedId('KZ', unreleased))).toBe(true);

  // KG's limitation period (AUDIT_TEST_CONFIG) is over for anything released.
  const kgSystem = stack.token({ role: 'clearance-system', sub: 'kg-trader@test', countries: ['KG'] });
  const kgTreasury = stack.token({ role: 'treasury', countries: ['KG'] });
  const d = declarationOf(`KG${freshTin().slice(2)}`, 'kg');
  const kg = await releasedDeclaration(
    {
      ...d,
      declarant: { ...d.declarant, country: 'KG' },
      importer: { ...d.importer, country: 'KG' },
      officeOfDeclaration: 'KGBIS001',
      officeOfEntry: 'KGAKZ001',
      countryOfDestination: 'KG',
    },
    { trader: kgSystem, treasury: kgTreasury },
  );
  const late = { declarations: [kg.mrn], reason: 'too late' };
  const barred = await open(stack.token({ role: 'auditor', countries: ['KG'] }), late);
  expect(barred.status).toBe(409);
  expect(barred.body.message).toMatch(
    new RegExp(
      `^declaration ${kg.mrn} was released on \\d{4}-\\d{2}-\\d{2}, .*past the limitation period of KG`,
    ),
  );
  expect(await noAudit(requestedId('KG', late))).toBe(true);

  // A trader never opens an audit; an auditor of another administration does not see KZ declarations.
  expect((await open(clearance, unreleased)).status).toBe(403);
  const elsewhere = await open(stack.token({ role: 'auditor', countries: ['UZ'] }), unreleased);
  expect(elsewhere.body.issues).toEqual([expect.objectContaining({ path: 'declarations[0]' })]);
});

test('findings on an item that does not exist, or with a negative value, are refused and nothing changes', async () => {
  const auditor = stack.token({ role: 'auditor', countries: ['KZ'] });
  const released = await releasedDeclaration(declarationOf(freshTin(), 'fnd'));
  const opened = await open(auditor, { declarations: [released.mrn], kind: 'DESK_REVIEW', reason: 'desk' });
  const id: string = opened.body.auditId;
  const before = await auditWhen(id, auditor, (v) => v.state === 'UNDER_REVIEW');
  const record = (findings: unknown[]) =>
    stack.request('POST', `/v1/audits/${id}/findings`, { token: auditor, body: { findings } });

  const noItem = await record([{ mrn: released.mrn, itemSeq: 99, violation: 'QUANTITY', quantity: '3' }]);
  expect(noItem.status).toBe(400);
  expect(noItem.body.issues).toEqual([
    expect.objectContaining({
      path: 'findings[0].itemSeq',
      message: `declaration ${released.mrn} has no item 99`,
    }),
  ]);
  const otherMrn = await record([
    { mrn: '22ITZXBZYUTJFLJXK6', itemSeq: 1, violation: 'ORIGIN', originCountry: 'VN' },
  ]);
  expect(otherMrn.body.issues).toEqual([expect.objectContaining({ path: 'findings[0].mrn' })]);
  const negative = await record([
    { mrn: released.mrn, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '-5.00' },
  ]);
  expect(negative.status).toBe(400);
  expect(negative.body.issues).toEqual([
    expect.objectContaining({ path: 'findings[0].customsValue', code: 'negative_amount' }),
  ]);
  // A command out of turn is the workflow's refusal: a 409 with its reason.
  const outOfTurn = await stack.request('POST', `/v1/audits/${id}/final`, { token: auditor, body: {} });
  expect(outOfTurn.status).toBe(409);

  const after = await auditWhen(id, auditor, () => true);
  expect(after.timeline).toEqual(before.timeline);
  expect(after.findings).toBeUndefined();
});

test('an automatic audit request opens one audit, however often delivered; a supervisor assigns its auditor', async () => {
  const released = await releasedDeclaration(declarationOf(freshTin(), 'blue'));
  const messageId = `declaration/${released.mrn}/audit/blue`;
  await enqueueOutbox(stack.pool, [
    {
      messageId,
      caseId: `declaration/${released.mrn}`,
      destination: `office:${released.office}`,
      type: 'post-entry-audit-requested',
      payload: { mrn: released.mrn, reason: 'BLUE channel' },
    },
  ]);
  const start = requestedAuditStarter({
    client: stack.client,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    policy: loadAuditPolicy(),
  });
  await dispatchAuditRequestsOnce(stack.pool, start);
  const id = auditIdOf('KZ', messageId);
  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const audit = await auditWhen(id, supervisor, (v) => v.state === 'NOTICE_SENT');
  expect(audit).toMatchObject({ source: 'BLUE', declarations: [released.mrn], requestedBy: 'system' });

  // Delivered again (a retry after a lost acknowledgement): the same audit, nothing new.
  await stack.pool.query(
    'UPDATE outbox SET delivered_at = NULL, next_attempt = now() WHERE message_id = $1',
    [messageId],
  );
  await dispatchAuditRequestsOnce(stack.pool, start);
  expect((await auditWhen(id, supervisor, () => true)).timeline).toEqual(audit.timeline);
  const row = (await stack.pool.query('SELECT delivered_at FROM outbox WHERE message_id = $1', [messageId]))
    .rows[0];
  expect(row.delivered_at).not.toBeNull();

  // Opened unassigned: the supervisor assigns an auditor and extends the SLA clock, each with who and why.
  const act = (action: string, body: unknown) =>
    stack.request('POST', `/v1/audits/${id}/supervision/${action}`, { token: supervisor, body });
  expect((await act('reassign', { reason: 'too short' })).status).toBe(400);
  const reassigned = await act('reassign', { reason: 'valuation desk takes it', assignee: 'auditor-7' });
  expect(reassigned.status).toBe(200);
  expect(reassigned.body).toMatchObject({ auditor: 'auditor-7', assignedTo: 'auditor-7' });
  expect(reassigned.body.timeline.at(-1)).toMatchObject({
    type: 'reassigned',
    actor: 'supervisor@test',
    reason: 'valuation desk takes it',
  });
  expect((await act('extend-deadline', { reason: 'holiday week', extendBy: 'P7D' })).status).toBe(200);
  expect((await act('cancel', { reason: 'not an audit action' })).status).toBe(400);
});

test('the random sample draws each released declaration once, by its keyed draw against the rate', async () => {
  // Two released declarations of an administration no other test uses, as the read model shows them.
  const key = Buffer.from('tj-sample-key-of-this-test-only-0123456789');
  const mrns = [`26TJ${Date.now().toString(36).toUpperCase().padStart(13, '0')}1`, `26TJ${Date.now()}A`];
  for (const mrn of mrns)
    await stack.pool.query(
      `INSERT INTO cases (case_id, kind, business_id, state, office, country, version, view, created_at, updated_at)
       VALUES ($1, 'declaration', $2, 'RELEASED', 'TJDUS001', 'TJ', 1, '{}', now(), now())`,
      [`declaration/${mrn}`, mrn],
    );
  const draws = mrns.map((m) => auditSampleDraw(key, m));
  // A rate between the two draws: exactly the lower one is selected.
  const rate = (Math.min(...draws) + Math.max(...draws)) / 2;
  // Every administration sampled, only TJ keyed: the others' releases (other tests') are not read.
  const sample = {
    keyOf: (cc: string) => (cc === 'TJ' ? key : undefined),
    rateOf: () => rate,
    countries: ['CN', 'KG', 'KZ', 'TJ', 'UZ'],
    batch: 2,
  };
  expect(await drawAuditSampleOnce(stack.pool, sample)).toEqual({ drawn: 2, selected: 1 });
  expect(await drawAuditSampleOnce(stack.pool, sample)).toEqual({ drawn: 0, selected: 0 });
  const chosen = mrns[draws.indexOf(Math.min(...draws))];
  const { rows } = await stack.pool.query(
    `SELECT message_id, type, payload FROM outbox WHERE case_id = ANY($1::text[])`,
    [mrns.map((m) => `declaration/${m}`)],
  );
  expect(rows).toEqual([
    {
      message_id: `declaration/${chosen}/audit/sample`,
      type: 'post-entry-audit-requested',
      payload: { mrn: chosen, reason: 'random sample of released declarations' },
    },
  ]);
});

test("an audit of a trader's declarations released in a period; a period without any is a 400", async () => {
  const auditor = stack.token({ role: 'auditor', countries: ['KZ'] });
  const tin = freshTin();
  const released = await releasedDeclaration(declarationOf(tin, 'per'));
  const today = new Date().toISOString().slice(0, 10);
  const byTrader = { trader: { tin }, period: { from: today, to: today }, reason: 'periodic review' };
  // The release reaches the read model a moment after the case view shows it.
  const opened = await eventually(
    () => open(auditor, byTrader),
    (r) => r.status === 202,
  );
  expect(opened.status).toBe(202);
  const audit = await auditWhen(opened.body.auditId, auditor, () => true);
  expect(audit).toMatchObject({ declarations: [released.mrn], declarant: tin, source: 'REQUEST' });

  const none = await open(auditor, { ...byTrader, period: { from: '2020-01-01', to: '2020-12-31' } });
  expect(none.status).toBe(400);
  expect(none.body.issues).toEqual([expect.objectContaining({ path: 'trader.tin' })]);
});
