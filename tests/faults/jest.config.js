// npm run test:faults: fault tests against the real embedded stack (own PostgreSQL, Temporal dev
// server or with CLEARWAY_TEMPORAL=server the Temporal server on PostgreSQL, worker and API processes per test file). Slow by nature, so outside the main suite.
// Needs the compiled tree (the npm script builds first): the worker and API run from dist/.
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/faults/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
};
