import { keyedSeed } from '../../activities/risk';
import { decodeHistoryPayloads, fetchHistory, historyAsJson } from '../../apps/shared/histories';
import { selectionDraw } from '../../domain/risk';
import { clearance, freshLrn, officer, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';

/**
 * Issue 13, point 2: the trader's view has no risk internals and no intelligence, officers keep them,
 * and the random draw comes from the administration's secret key, which no history holds. The case
 * is shaped for the trader at the API: the workflow's view is what it was.
 */
useClearanceStack('e2e-audience');

/** The text of every payload of a (decoded) history: in its JSON form each one is base64 `data`. */
function payloadTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(payloadTexts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  if ('metadata' in o && typeof o.data === 'string') return [Buffer.from(o.data, 'base64').toString('utf8')];
  return Object.values(o).flatMap(payloadTexts);
}

const HIT = { alertId: 'ALERT-E2E-AUDIENCE', reason: 'driver on a watch list', severity: 'HIGH' };

test("the trader's view hides risk internals and intelligence; the officer's keeps them; the draw is keyed", async () => {
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: freshLrn('aud') },
  });
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const caseId = `declaration/${mrn}`;
  await viewWhen(mrn, (v) => v.state === 'AWAITING_PAYMENT', officer);
  const hit = await stack.request('POST', `/v1/declarations/${mrn}/intelligence-hits`, {
    token: officer,
    body: HIT,
  });
  expect(hit.status).toBe(202);
  const customs = await viewWhen(
    mrn,
    (v) => v.state === 'UNDER_CONTROL' && v.intelligenceHits.length === 1,
    officer,
  );
  expect(customs.risk).toMatchObject({
    seed: caseId,
    draw: expect.any(Number),
    score: expect.any(Number),
    engineChannel: expect.any(String),
    hits: expect.any(Array),
    explanation: expect.any(Array),
  });
  expect(customs.channelReasons.join('\n')).toContain(HIT.alertId);
  expect(customs.timeline.some((e: { type: string }) => e.type === 'intelligence-hit')).toBe(true);

  const trader = (await stack.request('GET', `/v1/declarations/${mrn}`, { token: clearance })).body;
  for (const k of ['risk', 'channelReasons', 'intelligenceHits', 'auditRequested'])
    expect(trader).not.toHaveProperty(k);
  expect(trader).toMatchObject({ state: 'UNDER_CONTROL', channel: 'RED', control: { type: 'PHYSICAL' } });
  const text = JSON.stringify(trader);
  for (const secret of [HIT.alertId, HIT.reason, '"seed"', '"draw"', 'score', 'randomly selected'])
    expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
  expect(trader.timeline.map((e: { type: string }) => e.type)).not.toContain('intelligence-hit');
  // Nor do the decisions sent to its webhook (the outbox): a risk decision says its channel only.
  const sent = await stack.pool.query(
    "SELECT type, payload FROM outbox WHERE case_id = $1 AND destination LIKE 'clearance-system:%'",
    [caseId],
  );
  expect(sent.rows.filter((r) => r.type === 'declaration.risk-decision')).toHaveLength(2);
  for (const secret of [HIT.alertId, HIT.reason, 'score', 'randomly selected'])
    expect({ secret, sent: JSON.stringify(sent.rows).includes(secret) }).toEqual({ secret, sent: false });

  // The draw: an HMAC of the public seed under KZ's key, not what a trader computes from the seed.
  const kzKey = (process.env.CLEARWAY_RISK_SELECTION_KEYS ?? '')
    .split(',')
    .find((e) => e.startsWith('KZ:'))!
    .slice(3);
  expect(customs.risk.draw).toBe(selectionDraw(keyedSeed(Buffer.from(kzKey), caseId), mrn));
  expect(customs.risk.draw).not.toBe(selectionDraw(caseId, mrn));
  const { history } = await fetchHistory(stack.client, caseId);
  await decodeHistoryPayloads(history, stack.client.options.dataConverter.payloadCodecs ?? []);
  const recorded = payloadTexts(historyAsJson(history)).join('\n');
  expect(recorded).toContain(String(customs.risk.draw)); // the decision is there, in the clear
  expect(recorded).toContain(HIT.reason);
  expect(recorded).not.toContain(kzKey);
  expect(recorded).not.toContain(keyedSeed(Buffer.from(kzKey), caseId));

  // An update's answer is shaped the same way; the workflow's own view kept everything.
  const inv = await stack.request('POST', `/v1/declarations/${mrn}/invalidation`, {
    token: clearance,
    body: { reason: 'goods sent back' },
  });
  expect(inv.status).toBe(200);
  expect(inv.body).not.toHaveProperty('risk');
  expect(inv.body).not.toHaveProperty('intelligenceHits');
  const after = await viewWhen(mrn, (v) => v.state === 'INVALIDATED', officer);
  expect(after.risk).toEqual(customs.risk);
  expect(after.intelligenceHits).toEqual(customs.intelligenceHits);
});
