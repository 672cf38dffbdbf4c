/**
 * Jest global teardown helper: stops what the global setup of `@cqlkit/testing` started (a reused
 * cluster is left running for its owner). Holds no engine code.
 */
import type { CassandraHandle } from '../handle';
import { JEST_HANDLE_KEY } from './global-setup';

type SetupGlobal = typeof globalThis & { [JEST_HANDLE_KEY]?: CassandraHandle };

/**
 * The ready-made global teardown (`globalTeardown: '@cqlkit/testing/jest-global-teardown'`).
 *
 * @example
 * ```ts
 * // jest.config.js: { globalSetup: '@cqlkit/testing/jest-global-setup',
 * //                   globalTeardown: '@cqlkit/testing/jest-global-teardown' }
 * import globalTeardown from '@cqlkit/testing/jest-global-teardown';
 * await globalTeardown();
 * ```
 */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as SetupGlobal)[JEST_HANDLE_KEY];
  if (handle === undefined) return;
  delete (globalThis as SetupGlobal)[JEST_HANDLE_KEY];
  await handle.stop();
}
