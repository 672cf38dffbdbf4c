/**
 * What the simulated-ScyllaDB suites share: the real nodes of the suite's Cassandra as simulator
 * targets, the simulator's credentials, and driver options for a cluster behind the simulator.
 * Each test file simulates on its own loopback addresses so that files can run in parallel.
 */
import { PlainTextAuthProvider, type ClusterOptions } from '@cqlkit/driver';
import { ScyllaSimulator, type ScyllaSimulatorOptions } from '@cqlkit/driver/testing';

import { contactPoints, credentials, localDataCenter } from '../../harness/test-env';

/** The real nodes (`host`, `port`) of the server under test. */
export function realNodes(): { host: string; port: number }[] {
  return contactPoints().map((point) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(point)!;
    return { host: match[1]!, port: match[2] ? Number(match[2]) : 9042 };
  });
}

/** Options of the simulator's own connections to the real nodes (credentials when needed). */
export function realConnectionOptions(): ScyllaSimulatorOptions['connection'] {
  const creds = credentials();
  return creds ? { authProvider: new PlainTextAuthProvider(creds.username, creds.password) } : {};
}

/**
 * Starts a simulator in front of every real node, on `127.0.<subnet>.1…n`.
 *
 * @param subnet - third byte of the simulated addresses, distinct per test file
 */
export function startSimulator(
  subnet: number,
  extra: Partial<ScyllaSimulatorOptions> = {},
): Promise<ScyllaSimulator> {
  return ScyllaSimulator.start({
    nodes: realNodes().map((target, i) => ({ target, address: `127.0.${subnet}.${i + 1}` })),
    connection: realConnectionOptions(),
    ...extra,
  });
}

/** ClusterOptions for a cqlkit cluster behind `simulator`. */
export function simulatedClusterOptions(
  simulator: ScyllaSimulator,
  extra: Partial<ClusterOptions> = {},
): ClusterOptions {
  const creds = credentials();
  return {
    contactPoints: simulator.contactPoints(),
    localDataCenter: localDataCenter(),
    ...(creds ? { credentials: creds } : {}),
    ...extra,
  };
}
