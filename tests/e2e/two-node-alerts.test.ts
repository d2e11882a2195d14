import { verifyChains } from '../../activities/exchange/log';
import { signEnvelope } from '../../activities/exchange/jws';
import type { TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';
import { twoNodes } from '../support/two-nodes';

/**
 * Issues 15 and 16 together (docs/alerts.md, "Between nodes"): an alert on a vehicle raised at the
 * KZ node for CN reaches the CN node signed and is raised there by KZ; a declaration lodged at CN
 * with that vehicle matches it and is forced to control; the control result recorded at CN returns
 * signed to KZ's alert. Each message is once in both exchange logs; both chains verify.
 */
const x = twoNodes();

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const get = (node: TestStack, p: string, token: string) => node.request('GET', p, { token });
const post = (node: TestStack, p: string, token: string, body: unknown) =>
  node.request('POST', p, { token, body });

const logged = async (node: TestStack, partner: string) =>
  (
    await node.pool.query<{ direction: string; message_id: string; type: string }>(
      'SELECT direction, message_id, type FROM exchange_log WHERE partner = $1 ORDER BY seq',
      [partner],
    )
  ).rows.map((r) => `${r.direction} ${r.type} ${r.message_id}`);

function declarationInCn(vehicle: string): any {
  const d = JSON.parse(JSON.stringify(example('declaration-import.json')));
  d.lrn = `E2E-2NA-${rand()}`;
  d.declarant = { tin: 'CN91650100MA7', name: 'Urumqi Trading Co', country: 'CN' };
  d.importer = d.declarant;
  d.officeOfDeclaration = 'CNURU001';
  d.officeOfEntry = 'CNKHO001';
  d.countryOfDestination = 'CN';
  d.transport.vehicleRegistration = vehicle;
  return d;
}

test('an alert raised at KZ reaches CN signed, matches a CN declaration, and its control result returns signed to KZ', async () => {
  const kzOfficer = x.kz.token({ role: 'officer', countries: ['KZ'], sub: 'kz-officer' });
  const cnOfficer = x.cn.token({ role: 'officer', countries: ['CN'], sub: 'cn-officer' });
  const cnTrader = x.cn.token({ role: 'clearance-system', countries: ['CN'] });
  const vehicle = `KZ${rand().slice(-7)}`;

  const raised = await post(x.kz, '/v1/alerts', kzOfficer, {
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'HIGH',
    reason: 'vehicle seen with a hidden compartment at Khorgos',
    validUntil: inDays(7),
    recipients: ['CN'],
  });
  expect(raised.status).toBe(202);
  const alertId: string = raised.body.alertId;

  // The CN node holds the same alert, raised by the partner KZ.
  const atCn = await eventually(
    async () => (await get(x.cn, `/v1/alerts/${alertId}`, cnOfficer)).body,
    (v) => v?.state === 'ACTIVE',
    60_000,
  );
  expect(atCn).toMatchObject({
    alertId,
    country: 'KZ',
    raisedBy: 'partner:KZ',
    raisedByRole: 'partner',
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'HIGH',
    channel: 'RED',
  });
  // Lodgements are checked against the read model's active alerts: wait for CN's to hold it.
  await eventually(
    async () =>
      (await x.cn.pool.query(`SELECT 1 FROM cases WHERE kind = 'alert' AND business_id = $1`, [alertId]))
        .rowCount,
    (n) => n === 1,
    60_000,
  );

  const lodged = await post(x.cn, '/v1/declarations', cnTrader, declarationInCn(vehicle));
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const red = await eventually(
    async () => (await get(x.cn, `/v1/declarations/${mrn}`, cnOfficer)).body,
    (v) => v?.state === 'UNDER_CONTROL',
    60_000,
  );
  expect(red.channel).toBe('RED');
  expect(red.risk.hits.map((h: any) => h.ruleId)).toContain(`alert:${alertId}`);

  // KZ may not report for CN's declaration on CN's copy; CN's officer does.
  expect(
    (
      await post(x.cn, `/v1/alerts/${alertId}/results`, x.cn.token({ role: 'officer', countries: ['KZ'] }), {
        mrn,
        found: true,
      })
    ).status,
  ).toBe(403);
  const reported = await post(x.cn, `/v1/alerts/${alertId}/results`, cnOfficer, {
    mrn,
    found: true,
    what: 'cigarettes behind the front wall',
  });
  expect(reported.status).toBe(200);

  const atKz = await eventually(
    async () => (await get(x.kz, `/v1/alerts/${alertId}`, kzOfficer)).body,
    (v) => v?.hits?.controlled === 1,
    60_000,
  );
  expect(atKz.matches).toEqual([
    expect.objectContaining({
      mrn,
      country: 'CN',
      caseId: `partner:CN/${mrn}`,
      result: expect.objectContaining({
        found: true,
        what: 'cigarettes behind the front wall',
        country: 'CN',
        actor: 'CN:cn-officer',
      }),
    }),
  ]);
  expect(atKz.hits).toEqual({ controlled: 1, found: 1, rate: '1' });

  // Each message once in both logs, the same on each side; both chains verify.
  const kzLog = await eventually(
    () => logged(x.kz, 'CN'),
    (rows) => rows.length >= 2,
    60_000,
  );
  const cnLog = await eventually(
    () => logged(x.cn, 'KZ'),
    (rows) => rows.length >= 2,
    60_000,
  );
  expect(kzLog).toEqual([
    `sent ALERT alert/${alertId}/alert/CN`,
    `received ALERTRESULT alert/${alertId}/result/declaration/${mrn}`,
  ]);
  expect(cnLog).toEqual([
    `received ALERT alert/${alertId}/alert/CN`,
    `sent ALERTRESULT alert/${alertId}/result/declaration/${mrn}`,
  ]);
  // KZ's alert delivered again, byte for byte: the answer it got then, nothing applied or logged again.
  const sent = await x.kz.pool.query<{ message_jws: string; answer_jws: string }>(
    `SELECT message_jws, answer_jws FROM exchange_log WHERE partner = 'CN' AND type = 'ALERT'`,
  );
  const again = await fetch(`${x.cn.baseUrl}/v1/exchange/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/jose' },
    body: sent.rows[0]!.message_jws,
  });
  expect(again.status).toBe(200);
  expect(again.headers.get('x-clearway-duplicate')).toBe('true');
  expect(await again.text()).toBe(sent.rows[0]!.answer_jws);
  expect(await logged(x.cn, 'KZ')).toEqual(cnLog);
  expect(await verifyChains(x.kz.pool)).toEqual([{ partner: 'CN', rows: 2 }]);
  expect(await verifyChains(x.cn.pool)).toEqual([{ partner: 'KZ', rows: 2 }]);

  // CN may not raise KZ's alerts nor report a result in KZ's name: refused with the reason.
  const send = async (type: string, messageId: string, body: Record<string, unknown>) => {
    const now = new Date();
    const jws = await signEnvelope(
      { sender: 'CN', receiver: 'KZ', type, messageId, correlation: alertId, time: now.toISOString(), body },
      x.cnKeys.current('CN', now)!,
    );
    const res = await fetch(`${x.kz.baseUrl}/v1/exchange/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: jws,
    });
    const answer = JSON.parse(Buffer.from((await res.text()).split('.')[1]!, 'base64url').toString('utf8'));
    return { http: res.status, ...answer.body };
  };
  const alertBody = {
    alertId,
    country: 'KZ',
    subject: { kind: 'vehicle', registration: vehicle },
    severity: 'LOW',
    reason: 'not CN to say',
    validUntil: inDays(1),
  };
  expect(await send('ALERT', `X-${alertId}`, alertBody)).toMatchObject({
    http: 403,
    code: 'NOT_ENTITLED',
    reason: 'CN may send only the alerts it raised',
  });
  expect(
    await send('ALERTRESULT', `Y-${alertId}`, { alertId, mrn, found: false, actor: 'x', country: 'KZ' }),
  ).toMatchObject({ http: 403, code: 'NOT_ENTITLED', reason: 'CN reports control results only for itself' });
  expect(
    await send('ALERTRESULT', `Z-${alertId}`, { alertId, mrn, found: 'maybe', actor: 'x', country: 'CN' }),
  ).toMatchObject({ http: 400, code: 'INVALID_BODY', reason: expect.stringMatching(/^body\.found:/) });
  expect((await get(x.kz, `/v1/alerts/${alertId}`, kzOfficer)).body.hits).toEqual(atKz.hits);
}, 300_000);
