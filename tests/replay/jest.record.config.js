// npm run histories:record: runs the recorder files tests/replay/record/*.record.ts, which drive each
// workflow type through representative paths on the time-skipping server and write their histories to
// tests/replay/histories/ (an existing fixture is never overwritten). Not part of `npm test` (it writes
// files); `npm test` replays what it wrote (tests/replay/replay.test.ts).
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/replay/record/**/*.record.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/support/bundle-setup.ts',
  testTimeout: 5 * 60_000,
  // One file at a time: every file starts its own Java test servers.
  maxWorkers: 1,
};
