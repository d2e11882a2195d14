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
