import { Host, type HostDistance } from '../../src/cluster/host';
import type { ClusterView, LoadBalancingPolicy, RoutingInfo } from '../../src/policies/load-balancing';
import type { PolicyLogger } from '../../src/policies/policy-logger';

/** Host `10.0.0.<n>:9042`, in `datacenter`/`rack` when given. */
export function host(n: number, datacenter?: string, rack?: string): Host {
  return new Host({ address: `10.0.0.${n}`, port: 9042, datacenter, rack });
}

/** A host that counts how often its `isUp` is read (to observe plan laziness). */
export class ObservedHost extends Host {
  isUpReads = 0;

  override get isUp(): boolean {
    this.isUpReads++;
    return super.isUp;
  }
}

/** Last address byte of each host. */
export function ids(hosts: Iterable<Host>): number[] {
  return [...hosts].map((h) => Number(h.address.split('.')[3]));
}

/** The first `count` hosts of a plan, without iterating further. */
export function take(plan: Iterable<Host>, count: number): Host[] {
  const result: Host[] = [];
  if (count === 0) return result;
  for (const h of plan) {
    result.push(h);
    if (result.length === count) break;
  }
  return result;
}

/** A ClusterView over fixed hosts, with replicas given by a function of (keyspace, key). */
export class FakeCluster implements ClusterView {
  replicaLookups = 0;

  constructor(
    private readonly all: Host[],
    private readonly replicasOf: (keyspace: string, key: Uint8Array | bigint) => readonly Host[] = () => [],
  ) {}

  hosts(): readonly Host[] {
    return this.all;
  }

  getReplicas(keyspace: string, key: Uint8Array | bigint): readonly Host[] {
    this.replicaLookups++;
    return this.replicasOf(keyspace, key);
  }
}

/**
 * A child policy with a fixed plan that counts the plans created and the hosts pulled from them,
 * and records the events it receives.
 */
export class CountingPolicy implements LoadBalancingPolicy {
  plansCreated = 0;
  hostsPulled = 0;
  readonly events: string[] = [];
  initialisedWith: ClusterView | undefined;
  contactPoints: readonly Host[] | undefined;

  constructor(
    private readonly order: Host[],
    private readonly distances: (host: Host) => HostDistance = () => 'local',
  ) {}

  init(cluster: ClusterView): void {
    this.initialisedWith = cluster;
  }

  useContactPoints(contactPoints: readonly Host[]): void {
    this.contactPoints = contactPoints;
  }

  distance(host: Host): HostDistance {
    return this.distances(host);
  }

  newQueryPlan(_info: RoutingInfo): Iterable<Host> {
    this.plansCreated++;
    return this.pull();
  }

  private *pull(): Generator<Host> {
    for (const h of this.order) {
      this.hostsPulled++;
      yield h;
    }
  }

  onAdd(h: Host): void {
    this.events.push(`add ${h.endpoint}`);
  }
  onRemove(h: Host): void {
    this.events.push(`remove ${h.endpoint}`);
  }
  onUp(h: Host): void {
    this.events.push(`up ${h.endpoint}`);
  }
  onDown(h: Host): void {
    this.events.push(`down ${h.endpoint}`);
  }
}

/** A logger that keeps the warnings. */
export class RecordingLogger implements PolicyLogger {
  readonly warnings: string[] = [];

  warn(message: string): void {
    this.warnings.push(message);
  }
}
