import { clearance, freshLrn, officer, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

useClearanceStack('e2e-control');

test('a profile version that forces RED, once approved, sends the case to physical examination; the control result is recorded over HTTP', async () => {
  const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
  const current = await eventually(
    () => stack.request('GET', '/v1/risk-profiles/demo-kz', { token: admin }),
    (r) => r.status === 200,
  );
  expect(current.status).toBe(200);
  const doc = current.body.document;
  const tin = `KZRED${Date.now()}`;
  const next = {
    ...doc,
    version: current.body.version + 1,
    rules: [
      ...doc.rules,
      {
        id: `e2e-red-${tin}`,
        when: { op: 'equals', field: 'declarantTin', value: tin },
        forceChannel: 'RED',
        reason: 'e2e: declarant selected for examination',
      },
    ],
  };
  const stored = await stack.request('POST', '/v1/risk-profiles', { token: admin, body: next });
  expect(stored.status).toBe(201);
  // Four eyes: a second administrator of KZ puts the version in force.
  const approver = stack.token({ role: 'administrator', countries: ['KZ'], sub: 'second-admin@test' });
  const approved = await stack.request(
    'POST',
    `/v1/risk-profiles/demo-kz/versions/${next.version}/approval`,
    { token: approver, body: {} },
  );
  expect(approved.body).toMatchObject({ status: 'active', approvedBy: 'second-admin@test' });
  expect(
    (await stack.request('POST', '/v1/risk-profiles', { token: admin, body: { ...next, rules: [] } })).status,
  ).toBe(409);
  expect(
    (await stack.request('POST', '/v1/risk-profiles', { token: admin, body: { ...next, version: 0 } }))
      .status,
  ).toBe(400);

  const body = { ...(example('declaration-import.json') as any), lrn: freshLrn('red') };
  body.declarant = { ...body.declarant, tin };
  const lodged = await stack.request('POST', '/v1/declarations', { token: clearance, body });
  expect(lodged.status).toBe(202);
  const mrn = lodged.body.mrn;
  const ctl = await viewWhen(mrn, (v) => v.state === 'UNDER_CONTROL', officer);
  expect(ctl).toMatchObject({
    channel: 'RED',
    control: { type: 'PHYSICAL' },
    risk: { profileId: 'demo-kz', profileVersion: next.version },
  });
  expect(ctl.channelReasons).toEqual(
    expect.arrayContaining([`e2e-red-${tin}: e2e: declarant selected for examination`]),
  );

  const result = {
    office: 'KZALA001',
    officerId: 'officer-12',
    controlType: 'PHYSICAL',
    outcome: 'NON_CONFORM',
    findings: [{ itemSeq: 1, field: 'items[0].quantity', declared: '200', found: '260' }],
    corrections: {
      items: ctl.declaration.items.map((it: any) =>
        it.seq === 1 ? { ...it, quantity: '260', invoiceAmount: '28600.00' } : it,
      ),
      invoice: { ...ctl.declaration.invoice, amount: '32000.00' },
    },
    remarks: '60 laptops more than declared',
    completedAt: new Date().toISOString(),
  };
  // validators, over HTTP: wrong role 403, wrong office (outside the token's scope) 403, malformed 400
  expect(
    (
      await stack.request('POST', `/v1/declarations/${mrn}/control-results`, {
        token: clearance,
        body: result,
      })
    ).status,
  ).toBe(403);
  expect(
    (
      await stack.request('POST', `/v1/declarations/${mrn}/control-results`, {
        token: officer,
        body: { ...result, office: 'KZAST001' },
      })
    ).status,
  ).toBe(403);
  const bad = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, {
    token: officer,
    body: { ...result, outcome: 'PERHAPS' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: any) => i.path)).toContain('outcome');

  const res = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, {
    token: officer,
    body: result,
  });
  expect(res.status).toBe(200);
  const again = await stack.request('POST', `/v1/declarations/${mrn}/control-results`, {
    token: officer,
    body: result,
  });
  expect(again.status).toBe(409);

  const due = await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT');
  expect(due.control.result).toMatchObject({ outcome: 'NON_CONFORM', officerId: 'officer-12' });
  expect(due.declaration.items[0].quantity).toBe('260');

  const stats = await eventually(
    async () =>
      (
        await stack.pool.query(
          'SELECT controls, non_conform, hit_rate FROM risk_rule_stats WHERE profile_id = $1 AND rule_id = $2',
          ['demo-kz', `e2e-red-${tin}`],
        )
      ).rows[0],
    (r) => r?.controls === 1,
  );
  expect(stats).toEqual({ controls: 1, non_conform: 1, hit_rate: 1 });

  // the declarant invalidates before release (clearance-system role)
  const inv = await stack.request('POST', `/v1/declarations/${mrn}/invalidation`, {
    token: clearance,
    body: { reason: 'goods returned to the seller' },
  });
  expect(inv.status).toBe(200);
  await viewWhen(mrn, (v) => v.state === 'INVALIDATED');
});
