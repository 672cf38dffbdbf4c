/**
 * Host lists shared by the stock load-balancing policies: copy-on-write snapshots (replaced on
 * add/remove, never mutated, so a plan being iterated keeps a consistent view) and round-robin
 * rotation.
 *
 * @packageDocumentation
 * @internal
 */

import type { Host } from '../cluster/host';

/**
 * A host list with `host` added, or with the entry of the same endpoint replaced by it.
 *
 * @internal
 */
export function withHost(hosts: readonly Host[], host: Host): readonly Host[] {
  const index = hosts.findIndex((h) => h.endpoint === host.endpoint);
  if (index < 0) return [...hosts, host];
  if (hosts[index] === host) return hosts;
  const copy = [...hosts];
  copy[index] = host;
  return copy;
}

/**
 * A host list without the entry of `host`'s endpoint (the same array when absent).
 *
 * @internal
 */
export function withoutHost(hosts: readonly Host[], host: Host): readonly Host[] {
  const index = hosts.findIndex((h) => h.endpoint === host.endpoint);
  if (index < 0) return hosts;
  return [...hosts.slice(0, index), ...hosts.slice(index + 1)];
}

/**
 * A list of hosts without duplicate endpoints, keeping the first of each.
 *
 * @internal
 */
export function distinctHosts(hosts: Iterable<Host>): readonly Host[] {
  const seen = new Set<string>();
  const result: Host[] = [];
  for (const host of hosts) {
    if (seen.has(host.endpoint)) continue;
    seen.add(host.endpoint);
    result.push(host);
  }
  return result;
}

/** Rotation counters wrap here, staying small integers. */
const ROTATION_LIMIT = 0x40000000;

/**
 * A counter giving each new plan the next starting offset of a round-robin rotation.
 *
 * @internal
 */
export class Rotation {
  private position = 0;

  /** The next start offset in a list of `length` entries (0 for an empty list). */
  next(length: number): number {
    const position = this.position;
    this.position = position + 1 === ROTATION_LIMIT ? 0 : position + 1;
    return length === 0 ? 0 : position % length;
  }
}

/**
 * Yields the up hosts of `hosts`, starting at `start` and wrapping around.
 *
 * @internal
 */
export function* rotatedUpHosts(hosts: readonly Host[], start: number): Generator<Host, void, undefined> {
  const length = hosts.length;
  for (let i = 0; i < length; i++) {
    const host = hosts[(start + i) % length]!;
    if (host.isUp) yield host;
  }
}
