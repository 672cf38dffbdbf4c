/**
 * Jest global setup helpers: start Cassandra once per Jest run (in Jest's parent process) and hand
 * the tests how to reach it through `CQLKIT_*` environment variables, which the workers read with
 * `contactPoints()`, `credentials()`, `tlsCaPath()`… of `@cqlkit/testing`. The handle stays in the
 * parent process for the teardown. Holds no engine code.
 */
import { exportConnectionEnv } from '../test-env';
import type { CassandraHandle, StartCassandraOptions } from '../handle';
import { startCassandra } from '../start-cassandra';

/** globalThis key under which the setup leaves the handle for the teardown (same process). */
export const JEST_HANDLE_KEY = Symbol.for('cqlkit.testing.jestHandle');

type SetupGlobal = typeof globalThis & { [JEST_HANDLE_KEY]?: CassandraHandle };

/** Options a Jest project gives in `globals.cqlkitCassandra` (a JSON subset of the start options). */
export type JestCassandraOptions = Pick<
  StartCassandraOptions,
  'nodes' | 'version' | 'auth' | 'tls' | 'engine' | 'heap' | 'clusterDir' | 'image' | 'startTimeoutMs'
>;

/** What Jest passes to a global setup; only `globals` is read. */
export interface JestProjectConfigLike {
  readonly globals?: Readonly<Record<string, unknown>>;
}

function log(message: string): void {
  process.stderr.write(`[cassandra] ${message}\n`);
}

/**
 * Makes a Jest `globalSetup` function that starts Cassandra with `options` (merged over the
 * project's `globals.cqlkitCassandra`).
 *
 * @example
 * ```ts
 * // jest.global-setup.ts, named by `globalSetup` in jest.config.js
 * import { cassandraGlobalSetup } from '@cqlkit/testing';
 * export default cassandraGlobalSetup({ nodes: 1, auth: true });
 * ```
 */
export function cassandraGlobalSetup(
  options: JestCassandraOptions = {},
): (globalConfig?: unknown, projectConfig?: JestProjectConfigLike) => Promise<void> {
  return async (_globalConfig, projectConfig) => {
    const fromConfig = (projectConfig?.globals?.['cqlkitCassandra'] ?? {}) as JestCassandraOptions;
    const handle = await startCassandra({ ...fromConfig, ...options, log });
    log(
      `${handle.reused ? 'reusing' : 'started'} Cassandra ${handle.cassandraVersion} on ${handle.contactPoints.join(',')} ` +
        `(engine ${handle.engine}) in ${(handle.startupMs / 1000).toFixed(1)} s`,
    );
    (globalThis as SetupGlobal)[JEST_HANDLE_KEY] = handle;
    exportConnectionEnv(handle);
  };
}

/**
 * The ready-made global setup (`globalSetup: '@cqlkit/testing/jest-global-setup'`): starts
 * Cassandra with the project's `globals.cqlkitCassandra` options.
 */
const globalSetup = cassandraGlobalSetup();
export default globalSetup;
