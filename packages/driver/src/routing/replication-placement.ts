/**
 * Where each replication strategy places the replicas of the range at one ring position,
 * following Cassandra's `AbstractReplicationStrategy` implementations.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';
import type { ReplicationStrategy } from './replication-strategy';
import type { TokenRing } from './token-map-ring';

/**
 * The replicas of the range at ring position `start`, in Cassandra's order (the primary
 * replica first, then along the ring). Empty for `local` and `unknown` strategies.
 */
export function placeReplicas(ring: TokenRing, start: number, strategy: ReplicationStrategy): Host[] {
  switch (strategy.kind) {
    case 'simple':
      return walkDistinct(ring, start, strategy.replicationFactor);
    case 'everywhere':
      return walkDistinct(ring, start, ring.hosts.length);
    case 'network-topology':
      return placeNetworkTopology(ring, start, strategy.datacenterFactors);
    case 'local':
    case 'unknown':
      return [];
  }
}

/** SimpleStrategy: the first `count` distinct nodes met walking the ring from `start`. */
function walkDistinct(ring: TokenRing, start: number, count: number): Host[] {
  const wanted = Math.min(count, ring.hosts.length);
  const replicas: Host[] = [];
  const size = ring.size;
  for (let step = 0; step < size && replicas.length < wanted; step++) {
    const host = ring.owners[(start + step) % size]!;
    if (!replicas.includes(host)) replicas.push(host);
  }
  return replicas;
}

/** Placement progress in one data center. */
interface DatacenterProgress {
  /** Replicas still to place (the factor, capped by the number of nodes of the DC). */
  left: number;
  /** How many more nodes may share a rack already used (factor − racks; ≤ 0: none). */
  rackRepeatsLeft: number;
  readonly racksUsed: Set<string>;
}

/**
 * NetworkTopologyStrategy: walking the ring from `start`, each data center takes nodes from racks
 * it has not used yet; when the factor exceeds the DC's rack count, the first
 * `factor − rackCount` nodes met on already-used racks are taken as well (Cassandra's
 * `acceptableRackRepeats`). A DC with fewer nodes than its factor gets all its nodes.
 */
function placeNetworkTopology(ring: TokenRing, start: number, factors: ReadonlyMap<string, number>): Host[] {
  const shapes = ring.datacenterShapes();
  const progress = new Map<string, DatacenterProgress>();
  let unfinished = 0;
  for (const [dc, factor] of factors) {
    const shape = shapes.get(dc);
    if (shape === undefined) continue;
    const left = Math.min(factor, shape.nodeCount);
    if (left === 0) continue;
    progress.set(dc, { left, rackRepeatsLeft: factor - shape.rackCount, racksUsed: new Set() });
    unfinished++;
  }

  const replicas: Host[] = [];
  const size = ring.size;
  for (let step = 0; step < size && unfinished > 0; step++) {
    const i = (start + step) % size;
    const dc = ring.ownerDatacenters[i];
    const dcProgress = dc === undefined ? undefined : progress.get(dc);
    if (dcProgress === undefined || dcProgress.left === 0) continue;
    const host = ring.owners[i]!;
    if (replicas.includes(host)) continue;
    const rack = ring.ownerRacks[i]!;
    if (!dcProgress.racksUsed.has(rack)) {
      dcProgress.racksUsed.add(rack);
    } else if (dcProgress.rackRepeatsLeft > 0) {
      dcProgress.rackRepeatsLeft--;
    } else {
      continue; // keep looking for a node on an unused rack
    }
    replicas.push(host);
    if (--dcProgress.left === 0) unfinished--;
  }
  return replicas;
}
