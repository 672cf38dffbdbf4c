// One Jest run, several projects:
//   unit        — no server (codecs, framing, parsers, policies with fake hosts)
//   integration — against a real Cassandra started by test/harness (or CQLKIT_CONTACT_POINTS)
/** @type {import('ts-jest').TsJestTransformerOptions} */
// Transpile only (isolatedModules in tsconfig.jest.json): type errors are caught by `npm run typecheck`.
const tsJest = { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false };

const moduleNameMapper = {
  '^@cqlkit/driver$': '<rootDir>/packages/driver/src/index.ts',
  '^@cqlkit/driver/testing$': '<rootDir>/packages/driver/src/testing/index.ts',
  '^@cqlkit/mapper$': '<rootDir>/packages/mapper/src/index.ts',
  '^@cqlkit/migrations$': '<rootDir>/packages/migrations/src/index.ts',
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
      globalSetup: '<rootDir>/test/harness/jest-global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/jest-global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
