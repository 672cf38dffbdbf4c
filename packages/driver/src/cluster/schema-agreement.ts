/**
 * Schema agreement: whether every up node reports the same schema version, read on the control
 * connection from `system.local` and the peers table.
 *
 * @packageDocumentation
 */

import { performance } from 'node:perf_hooks';
import { RequestAbortedError, SchemaAgreementError } from '../errors';
import type { AddressTranslator } from '../policies/address-translator';
import type { TimerQueue } from '../structures/timer-queue';
import { formatEndpoint } from '../connection/endpoint';
import type { Host } from './host';
import type { HostRegistry } from './host-registry';
import type { ControlQuery, NodeDiscovery } from './node-discovery';
import { parsePeerRow, schemaVersionOf } from './peer-rows';

/**
 * The schema versions reported by the nodes at one moment.
 *
 * @example
 * ```ts
 * const { agreed, versions } = await readSchemaVersions(deps);
 * if (!agreed) console.log([...versions]); // [['127.0.0.1:9042', '5f1…'], ['127.0.0.2:9042', '9c2…']]
 * ```
 */
export interface SchemaVersions {
  /** Whether every listed node reported the same version. */
  readonly agreed: boolean;
  /** The version every node reported, when they agree (`undefined` otherwise). */
  readonly agreedVersion: string | undefined;
  /** The version each up node reported, by `host:port` (`undefined`: none reported). */
  readonly versions: ReadonlyMap<string, string | undefined>;
}

/** What schema agreement checks need. @internal */
export interface SchemaAgreementDeps {
  /** Runs a query on the control connection. */
  readonly query: ControlQuery;
  /** The host the control connection is on. */
  controlHost(): Host | undefined;
  readonly registry: HostRegistry;
  readonly discovery: NodeDiscovery;
  readonly translator: AddressTranslator;
  readonly defaultPort: number;
  readonly timers: TimerQueue;
}

/** Pause between two checks while waiting for agreement. */
const POLL_INTERVAL_MS = 200;

const PEER_COLUMNS = {
  v2: 'peer, native_address, native_port, host_id, data_center, rack, schema_version',
  v1: 'peer, rpc_address, host_id, data_center, rack, schema_version',
};

/**
 * Reads the schema version of the control node and of each peer. Peers the driver considers down
 * are left out, as in the Python and Java drivers: a dead node cannot block agreement.
 *
 * @internal
 */
export async function readSchemaVersions(deps: SchemaAgreementDeps): Promise<SchemaVersions> {
  const control = deps.controlHost();
  const [local, peers] = await Promise.all([
    deps.query("SELECT schema_version FROM system.local WHERE key = 'local'"),
    deps.discovery.queryPeers(deps.query, PEER_COLUMNS),
  ]);
  const versions = new Map<string, string | undefined>();
  const localRow = local[0];
  if (control !== undefined && localRow !== undefined)
    versions.set(control.endpoint, schemaVersionOf(localRow));
  for (const row of peers) {
    const parsed = parsePeerRow(row, deps.translator, deps.defaultPort);
    if (!parsed.ok) continue;
    const host = deps.registry.find(parsed.init.address, parsed.init.port);
    if (host !== undefined && !host.isUp) continue;
    versions.set(
      host?.endpoint ?? formatEndpoint(parsed.init.address, parsed.init.port),
      parsed.schemaVersion,
    );
  }
  const distinct = new Set([...versions.values()].filter((v) => v !== undefined));
  const agreed = distinct.size === 1 && ![...versions.values()].includes(undefined);
  return { agreed, agreedVersion: agreed ? [...distinct][0] : undefined, versions };
}

/**
 * Polls the schema versions until they agree; resolves the agreed version.
 *
 * @throws SchemaAgreementError naming each node's version when `timeoutMs` passes first
 * @throws RequestAbortedError when `signal` aborts
 * @internal
 */
export async function awaitSchemaAgreement(
  deps: SchemaAgreementDeps,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  let last: SchemaVersions | undefined;
  let lastError: unknown;
  while (true) {
    if (signal?.aborted) {
      throw new RequestAbortedError('awaitSchemaAgreement() was aborted', { cause: signal.reason });
    }
    try {
      last = await readSchemaVersions(deps);
      if (last.agreedVersion !== undefined) return last.agreedVersion;
    } catch (error) {
      lastError = error; // e.g. the control connection is moving: try again until the deadline
    }
    const left = deadline - performance.now();
    if (left <= 0) break;
    await pause(deps.timers, Math.min(POLL_INTERVAL_MS, left), signal);
  }
  const versions = last?.versions ?? new Map<string, string | undefined>();
  const detail =
    versions.size > 0
      ? [...versions].map(([host, version]) => `${host}: ${version ?? 'none'}`).join(', ')
      : `no versions could be read (${lastError instanceof Error ? lastError.message : String(lastError)})`;
  throw new SchemaAgreementError(
    `the nodes did not agree on the schema within ${timeoutMs} ms (schema version by host: ${detail})`,
    timeoutMs,
    versions,
    lastError === undefined ? undefined : { cause: lastError },
  );
}

function pause(timers: TimerQueue, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const handle = timers.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    const onAbort = (): void => {
      handle.cancel();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
