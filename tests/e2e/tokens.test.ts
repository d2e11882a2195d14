import { WorkflowNotFoundError } from '@temporalio/client';
import jwt from 'jsonwebtoken';
import { allocateMrn } from '../../apps/api/declarations/identity';
import { mintToken } from '../../apps/api/auth/tokens';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';

/**
 * Issue 13, point 6: a token must expire, and not too late. A correctly signed token without `exp`,
 * or valid for longer than CLEARWAY_TOKEN_MAX_TTL (24 h), is a 401; the request starts nothing.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('e2e-tokens');
});
afterAll(async () => {
  await stack?.close();
});

const claims = { role: 'clearance-system', countries: ['KZ'] };
const sign = (payload: object, options: jwt.SignOptions) =>
  jwt.sign(payload, stack.config.CLEARWAY_AUTH_SECRET!, {
    algorithm: 'HS256',
    issuer: 'clearway',
    audience: 'clearway-api',
    subject: 'clearance-system@test',
    ...options,
  });

test('a signed token without exp, or valid for more than 24 h, is a 401 and lodges nothing', async () => {
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    'no exp': sign(claims, {}),
    'a 30-day lifetime': sign(claims, { expiresIn: '30d' }),
    'issued in the future to stretch its lifetime': sign(
      { ...claims, iat: now + 86_400 * 300 },
      { expiresIn: '1h' },
    ),
    'no iat': sign({ ...claims, exp: now + 3600 }, { noTimestamp: true }),
  };
  for (const [what, token] of Object.entries(tokens)) {
    const body = { ...example('declaration-import.json'), lrn: `E2E-TOKEN-${Date.now()}-${what.length}` };
    const res = await stack.request('POST', '/v1/declarations', { token, body });
    expect([what, res.status]).toEqual([what, 401]);
    const mrn = allocateMrn(body, new Date());
    await expect(stack.client.workflow.getHandle(`declaration/${mrn}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  }
  const rows = await stack.pool.query("SELECT count(*)::int AS n FROM cases WHERE lrn LIKE 'E2E-TOKEN-%'");
  expect(rows.rows[0].n).toBe(0);
  // The same claims with a 1 h lifetime are accepted.
  expect(
    (await stack.request('GET', '/v1/webhook-subscription', { token: sign(claims, { expiresIn: '1h' }) }))
      .status,
  ).toBe(404);
});

test('clearway token refuses to mint a token longer than the cap', () => {
  expect(() => mintToken('x'.repeat(32), { sub: 's', role: 'officer', countries: ['KZ'] }, '25h')).toThrow(
    /at most 24h/,
  );
});
