// One jest run, five projects. Services (Temporal dev server, PostgreSQL) are started once by the
// global setup of the projects that need them; the time-skipping server is started per test file.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
// jose is published as ES modules only; jest (before Node 24.9) cannot require those, so swc compiles it.
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/tests/workflows/**/*.test.ts', '<rootDir>/tests/replay/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/bundle-setup.ts',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/e2e/**/*.test.ts'],
      // The S3 archive test needs SeaweedFS, an opt-in build (scripts/ensure.sh --s3-server): it runs
      // with CLEARWAY_S3_SERVER=1 (`npm run test:s3`, .ci/run).
      testPathIgnorePatterns:
        process.env.CLEARWAY_S3_SERVER === '1' ? [] : ['/tests/e2e/archive-s3\\.test\\.ts$'],
      globalSetup: '<rootDir>/tests/support/stack-setup.ts',
      globalTeardown: '<rootDir>/tests/support/stack-teardown.ts',
    },
  ],
};
