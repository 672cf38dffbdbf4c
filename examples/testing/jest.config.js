// The same suite twice: once against Cassandra from Maven jars on the local JDK, once against
// Cassandra in Docker containers. @cqlkit/testing's global setup starts it before the tests (or
// reuses a running one), its teardown stops it; `globals.cqlkitCassandra` holds the options of
// `startCassandra`. Both engines use 127.0.0.1, so run the projects one after the other
// (`npm test` does: jest --selectProjects jars && jest --selectProjects docker).
/** @type {import('jest').Config['projects'][number]} */
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          target: 'es2022',
          esModuleInterop: true,
          lib: ['es2023', 'esnext.disposable'],
        },
        diagnostics: false,
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '@cqlkit/testing/jest-global-setup',
  globalTeardown: '@cqlkit/testing/jest-global-teardown',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'jars', globals: { cqlkitCassandra: { engine: 'jars', nodes: 1 } } },
    { ...base, displayName: 'docker', globals: { cqlkitCassandra: { engine: 'docker', nodes: 1 } } },
  ],
};
