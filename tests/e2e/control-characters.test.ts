import { WorkflowNotFoundError } from '@temporalio/client';
import { allocateMrn } from '../../apps/api/declarations/identity';
import { clearance, freshLrn, officer, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';

/**
 * Issue 13, point 5: a control character in any text is a 400 naming the field, at the door; nothing
 * is started, signalled or stored (before, a NUL was accepted with 202, PostgreSQL refused it in the
 * projection and the case never moved again).
 */
useClearanceStack('e2e-control-chars');

const controlIssue = (path: string) => expect.objectContaining({ path, code: 'control_character' });

test('a NUL in an item description is a 400 naming the field; no workflow starts and no row is stored', async () => {
  const body = { ...example('declaration-import.json'), lrn: freshLrn('nul') };
  body.items = [{ ...body.items[0], description: 'laptops\u0000' }, body.items[1]];
  const res = await stack.request('POST', '/v1/declarations', { token: clearance, body });
  expect(res.status).toBe(400);
  expect(res.body.issues).toEqual([controlIssue('items[0].description')]);
  const mrn = allocateMrn(body, new Date());
  await expect(stack.client.workflow.getHandle(`declaration/${mrn}`).describe()).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );
  const rows = await stack.pool.query('SELECT count(*)::int AS n FROM cases WHERE lrn = $1', [body.lrn]);
  expect(rows.rows[0].n).toBe(0);
});

test('a NUL in an intelligence-hit reason or a supervisor reason is a 400; the case timeline is unchanged', async () => {
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: freshLrn('nul-hit') },
  });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn;
  const before = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');

  const hit = await stack.request('POST', `/v1/declarations/${mrn}/intelligence-hits`, {
    token: officer,
    body: { alertId: 'ALERT-1', reason: 'known smuggler\u0000' },
  });
  expect(hit.status).toBe(400);
  expect(hit.body.issues).toEqual([controlIssue('reason')]);

  const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
  const signal = await stack.request('POST', `/v1/cases/declaration/${mrn}/signals/escalate`, {
    token: supervisor,
    body: { reason: 'look at this\u001b[2J' },
  });
  expect(signal.status).toBe(400);
  expect(signal.body.issues).toEqual([controlIssue('reason')]);

  const after = await viewWhen(mrn, () => true);
  expect(after.timeline).toHaveLength(before.timeline.length);
  expect(after.channel).toBe(before.channel);
  const stored = await stack.pool.query(
    "SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type IN ('intelligence-hit', 'escalated')",
    [`declaration/${mrn}`],
  );
  expect(stored.rows[0].n).toBe(0);
});

test('a NUL in a partner message is a 400 naming body.description; the inbox stores nothing', async () => {
  const partner = stack.token({ role: 'partner', countries: ['KZ'] });
  const messageId = `NUL-${Date.now()}`;
  const res = await stack.request('POST', '/v1/exchange/messages', {
    token: partner,
    body: {
      messageId,
      mrn: '22ITZXBZYUTJFLJXK6',
      type: 'IE182',
      body: { type: 'DELAY', description: 'flat tyre\u0000', country: 'KZ' },
    },
  });
  expect(res.status).toBe(400);
  expect(res.body.issues).toEqual([controlIssue('body.description')]);
  const rows = await stack.pool.query('SELECT count(*)::int AS n FROM inbox WHERE message_id = $1', [
    messageId,
  ]);
  expect(rows.rows[0].n).toBe(0);
});

test('a control character in a risk profile (a rule reason) is a 400 naming the field; no version is stored', async () => {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'], sub: 'anna@kz' });
  const current = await stack.request('GET', '/v1/risk-profiles/demo-kz', { token: admin });
  expect(current.status).toBe(200);
  const doc = current.body.document;
  const version = current.body.version + 1;
  const rule = {
    id: 'nul-reason',
    when: { op: 'equals', field: 'declarantTin', value: 'KZ-NUL' },
    forceChannel: 'RED',
    reason: 'selected\u0000for examination',
  };
  const res = await stack.request('POST', '/v1/risk-profiles', {
    token: admin,
    body: { ...doc, version, rules: [...doc.rules, rule] },
  });
  expect(res.status).toBe(400);
  expect(res.body.issues).toEqual([controlIssue(`rules[${doc.rules.length}].reason`)]);
  const rows = await stack.pool.query(
    'SELECT count(*)::int AS n FROM risk_profiles WHERE profile_id = $1 AND version = $2',
    ['demo-kz', version],
  );
  expect(rows.rows[0].n).toBe(0);
});
