// Several projects:
//   unit        — no server (codecs, framing, parsers, policies with fake hosts)
//   integration — against a real Cassandra started by test/harness (or CQLKIT_CONTACT_POINTS)
//   cluster     — against a real 3-node Cassandra (test/integration/cluster); the launcher runs one
//                 cluster at a time, so run it after the others
//   engines     — @cqlkit/testing's two engines (jars, Docker), each starting its own clusters on
//                 127.0.0.1-3; last. npm test runs `jest --selectProjects unit integration`, then
//                 `cluster`, then `engines`
/** @type {import('ts-jest').TsJestTransformerOptions} */
// Transpile only (isolatedModules in tsconfig.jest.json): type errors are caught by `npm run typecheck`.
const tsJest = { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false };

const moduleNameMapper = {
  '^@cqlkit/driver$': '<rootDir>/packages/driver/src/index.ts',
  '^@cqlkit/driver/testing$': '<rootDir>/packages/driver/src/testing/index.ts',
  '^@cqlkit/mapper$': '<rootDir>/packages/mapper/src/index.ts',
  '^@cqlkit/migrations$': '<rootDir>/packages/migrations/src/index.ts',
  '^@cqlkit/testing$': '<rootDir>/packages/testing/src/index.ts',
  '^@cqlkit/testing/jest-global-(setup|teardown)$': '<rootDir>/packages/testing/src/jest/global-$1.ts',
  '^@cqlkit/opentelemetry$': '<rootDir>/packages/opentelemetry/src/index.ts',
};

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', tsJest] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
  // testTimeout is a global option (per-project values are ignored): integration suites create
  // schemas and wait for schema agreement, which takes seconds on a busy 2-core machine.
  testTimeout: 120000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: [
        ...base.testPathIgnorePatterns,
        '<rootDir>/test/integration/cluster/',
        '<rootDir>/test/integration/engines/',
      ],
      globalSetup: '<rootDir>/test/harness/jest-global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/jest-global-teardown.ts',
    },
    {
      ...base,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/integration/cluster/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/cluster/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/cluster/global-teardown.ts',
      // One test file (three-nodes.test.ts) runs the suites in order: they kill, pause and restart
      // the nodes of the one cluster they share.
    },
    {
      ...base,
      displayName: 'engines',
      // @cqlkit/testing's startCassandra on the jar and Docker engines (one file: both engines use
      // 127.0.0.1-3, so they run one after the other, after every other project).
      testMatch: ['<rootDir>/test/integration/engines/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/engines/global-setup.ts',
    },
  ],
};
