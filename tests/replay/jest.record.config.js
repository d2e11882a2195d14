// npm run histories:record: runs tests/replay/record-histories.ts, which drives each workflow type
// through representative paths on the time-skipping server and writes their histories to
// tests/replay/histories/. Not part of `npm test` (it writes files); `npm test` replays what it wrote.
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/replay/record-histories.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/support/bundle-setup.ts',
  testTimeout: 5 * 60_000,
};
