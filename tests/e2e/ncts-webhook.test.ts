import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverOutboxOnce } from '../../activities/outbox';
import { nctsXsdDir } from '../../config/paths';
import { NctsSchemas } from '../../apps/api/ncts/xsd';
import { startTestStack, type TestStack } from '../support/api';
import { eventually } from '../support/temporal';
import { freshNctsGrn, kitGuarantee, postXml, readSample, toDemo } from '../support/ncts-kit';

/**
 * The outbound NCTS messages of a movement reach the clearance system that lodged it through its
 * webhook, a real HTTP receiver on loopback: each once (by its message id), the XML in the payload,
 * the same messages `GET /v1/transits/{mrn}/messages` lists.
 */
let stack: TestStack;
const schemas = new NctsSchemas(nctsXsdDir());

beforeAll(async () => {
  stack = await startTestStack('e2e-ncts-webhook');
});
afterAll(async () => {
  await schemas.close();
  await stack?.close();
});

interface Received {
  key: string;
  body: {
    messageId: string;
    caseId: string;
    type: string;
    payload: { mrn: string; messageId: string; xml: string };
  };
}

test('IE928, IE028 on presentation, IE060, then IE009 arrive at the owner webhook, each once, valid against the XSD', async () => {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(data) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const token = stack.token({
      role: 'clearance-system',
      countries: ['KZ', 'KG'],
      sub: `ncts-hook-${Date.now()}`,
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ncts`;
    expect((await stack.request('PUT', '/v1/webhook-subscription', { token, body: { url } })).status).toBe(
      200,
    );
    const grn = freshNctsGrn();
    expect((await stack.request('POST', '/v1/guarantees', { token, body: kitGuarantee(grn) })).status).toBe(
      202,
    );
    const lodged = await postXml(
      stack.baseUrl,
      '/v1/transits',
      token,
      toDemo(readSample('IE015-gb-t1-prelodged-simplified-01'), { grn }),
    );
    expect(lodged.status).toBe(202);
    const mrn = lodged.headers.get('x-clearway-mrn')!;
    const caseId = `transit/${mrn}`;
    const deliver = () =>
      deliverOutboxOnce(stack.pool, {
        baseBackoffMs: 1,
        allowPrivate: stack.config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE,
      });
    const mine = () => received.filter((r) => r.body.caseId === caseId);
    const types = async () => {
      await deliver();
      // Rows queued in one transaction share their creation time: delivered in either order.
      return mine()
        .map((r) => r.body.type)
        .sort();
    };
    // Pre-lodged: only the acknowledgement until the goods are presented, then the MRN (IE028).
    expect(await eventually(types, (t) => t.length >= 1)).toEqual(['IE928']);
    const presented = await stack.request('POST', `/v1/transits/${mrn}/presentation`, {
      token,
      body: { office: 'KZALA001' },
    });
    expect(presented.status).toBe(200);
    // No seals: the goods are to be examined (IE060, intention to control).
    expect(await eventually(types, (t) => t.length >= 3)).toEqual(['IE028', 'IE060', 'IE928']);

    // Held under control (no seals): the holder invalidates it; IE009 follows, nothing before it again.
    const invalidated = await postXml(
      stack.baseUrl,
      `/v1/transits/${mrn}/invalidation`,
      token,
      toDemo(readSample('IE014-gb-before-release-01'), { mrn }),
    );
    expect(invalidated.status).toBe(200);
    expect(await eventually(types, (t) => t.includes('IE009'))).toEqual(['IE009', 'IE028', 'IE060', 'IE928']);
    await deliver();
    expect(mine()).toHaveLength(4);

    const listed = await stack.request('GET', `/v1/transits/${mrn}/messages`, { token });
    expect(listed.body.messages.map((m: { messageId: string }) => m.messageId).sort()).toEqual(
      mine()
        .map((r) => r.body.payload.messageId)
        .sort(),
    );
    for (const r of mine()) {
      expect(r.key).toBe(`${caseId}/ncts/${r.body.payload.messageId}`);
      expect(r.body.payload.mrn).toBe(mrn);
      expect({ type: r.body.type, issues: (await schemas.validate(r.body.payload.xml)).issues }).toEqual({
        type: r.body.type,
        issues: [],
      });
    }
    const rows = await stack.pool.query(
      "SELECT count(*)::int AS n FROM outbox WHERE case_id = $1 AND destination LIKE 'clearance-system:%'",
      [caseId],
    );
    expect(rows.rows[0].n).toBe(4);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
