import { ConfigError, loadConfig } from '../../config/env';

test('worker cache size: 1000 by default, a number, or `sdk` for the SDK default; anything else is refused naming the variable', () => {
  expect(loadConfig({}).CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
  expect(
    loadConfig({ CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS: '250' }).CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS,
  ).toBe(250);
  expect(
    loadConfig({ CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS: 'sdk' }).CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS,
  ).toBe('sdk');
  let error: unknown;
  try {
    loadConfig({ CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS: 'lots' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toMatch(/CLEARWAY_WORKER_MAX_CACHED_WORKFLOWS/);
});

test('token lifetimes: 8h minted, at most 24h accepted; a default TTL over the cap stops start-up naming it', () => {
  const c = loadConfig({});
  expect([c.CLEARWAY_TOKEN_TTL, c.CLEARWAY_TOKEN_MAX_TTL]).toEqual(['8h', '24h']);
  expect(() => loadConfig({ CLEARWAY_TOKEN_TTL: '2d' })).toThrow(
    /CLEARWAY_TOKEN_TTL: is longer than CLEARWAY_TOKEN_MAX_TTL/,
  );
  expect(loadConfig({ CLEARWAY_TOKEN_TTL: '2d', CLEARWAY_TOKEN_MAX_TTL: '3d' }).CLEARWAY_TOKEN_TTL).toBe(
    '2d',
  );
});

test('webhooks to private addresses: refused unless CLEARWAY_WEBHOOK_ALLOW_PRIVATE is true', () => {
  expect(loadConfig({}).CLEARWAY_WEBHOOK_ALLOW_PRIVATE).toBe(false);
  expect(loadConfig({ CLEARWAY_WEBHOOK_ALLOW_PRIVATE: 'true' }).CLEARWAY_WEBHOOK_ALLOW_PRIVATE).toBe(true);
  expect(() => loadConfig({ CLEARWAY_WEBHOOK_ALLOW_PRIVATE: 'perhaps' })).toThrow(
    /CLEARWAY_WEBHOOK_ALLOW_PRIVATE/,
  );
});
