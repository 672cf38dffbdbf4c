/**
 * Data-center-aware round-robin load balancing.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from '../cluster/host';
import { InvalidOptionsError } from '../errors';
import { bindCluster, type ClusterView, type LoadBalancingPolicy, type RoutingInfo } from './load-balancing';
import { distinctHosts, Rotation, withHost, withoutHost } from './load-balancing-host-list';
import { consolePolicyLogger, type PolicyLogger } from './policy-logger';

/** Options of {@link DCAwareRoundRobinPolicy}. */
export interface DCAwareRoundRobinOptions {
  /**
   * The data center the client runs in. When omitted it is taken from the contact points (or,
   * failing that, from the first host with a known data center), with a warning.
   */
  readonly localDc?: string | undefined;
  /**
   * How many hosts of each remote data center may be used, after every local host, when no local
   * host is left. Default 0: remote data centers are never used (their hosts are `ignored`).
   */
  readonly usedHostsPerRemoteDc?: number | undefined;
  /** Where the local-DC inference warnings go. Default: {@link consolePolicyLogger}. */
  readonly logger?: PolicyLogger | undefined;
}

/** Hosts by data center (`undefined` for hosts whose data center is unknown). */
type HostsByDc = ReadonlyMap<string | undefined, readonly Host[]>;

const NO_HOSTS: readonly Host[] = [];

/**
 * Round-robin over the hosts of the local data center, then (optionally) a few hosts of each
 * remote data center. Local hosts are at distance `local`; the first `usedHostsPerRemoteDc` up
 * hosts of each remote data center are `remote`; every other host is `ignored`.
 *
 * Down hosts are skipped, not moved to the end of the plan, as in the Python driver: a request
 * fails fast with no host available rather than waiting on hosts known to be down (reconnection
 * brings them back). If no data center is known at all, every host counts as local.
 *
 * @example
 * ```ts
 * const policy = new DCAwareRoundRobinPolicy({ localDc: 'eu-west', usedHostsPerRemoteDc: 2 });
 * ```
 */
export class DCAwareRoundRobinPolicy implements LoadBalancingPolicy {
  private localDc: string | undefined;
  private readonly usedHostsPerRemoteDc: number;
  private readonly logger: PolicyLogger;
  private cluster: ClusterView | undefined;
  private byDc: HostsByDc = new Map();
  private readonly rotation = new Rotation();

  constructor(options: DCAwareRoundRobinOptions = {}) {
    const used = options.usedHostsPerRemoteDc ?? 0;
    if (!Number.isInteger(used) || used < 0) {
      throw new InvalidOptionsError(
        `DCAwareRoundRobinPolicy: usedHostsPerRemoteDc must be an integer ≥ 0, got ${String(used)}`,
      );
    }
    if (options.localDc !== undefined && options.localDc.length === 0) {
      throw new InvalidOptionsError(
        'DCAwareRoundRobinPolicy: localDc must be a data center name; omit it to infer it from the contact points',
      );
    }
    this.localDc = options.localDc;
    this.usedHostsPerRemoteDc = used;
    this.logger = options.logger ?? consolePolicyLogger;
  }

  /** The local data center: as configured, or as inferred (undefined until known). */
  get localDatacenter(): string | undefined {
    return this.localDc;
  }

  /** Infers the local data center from the contact points when none was configured. */
  useContactPoints(contactPoints: readonly Host[]): void {
    if (this.localDc !== undefined) return;
    this.inferLocalDc(contactPoints, 'contact point');
  }

  init(cluster: ClusterView): void {
    this.cluster = bindCluster(this.cluster, cluster, 'DCAwareRoundRobinPolicy');
    const hosts = distinctHosts(cluster.hosts());
    if (this.localDc === undefined) this.inferLocalDc(hosts, 'host');
    const byDc = new Map<string | undefined, Host[]>();
    for (const host of hosts) {
      const list = byDc.get(host.datacenter);
      if (list === undefined) byDc.set(host.datacenter, [host]);
      else list.push(host);
    }
    this.byDc = byDc;
    if (this.localDc !== undefined && !byDc.has(this.localDc) && hosts.length > 0) {
      const known = [...byDc.keys()].filter((dc) => dc !== undefined).map((dc) => `'${dc}'`);
      this.logger.warn(
        `DCAwareRoundRobinPolicy: local data center '${this.localDc}' has no known host ` +
          `(known data centers: ${known.join(', ') || 'none'}); check the localDataCenter option ` +
          `(or the localDc of your DCAwareRoundRobinPolicy)`,
      );
    }
  }

  distance(host: Host): HostDistance {
    const dc = host.datacenter;
    if (dc === this.localDc) return 'local';
    const budget = this.usedHostsPerRemoteDc;
    if (budget === 0 || !host.isUp) return 'ignored';
    let used = 0;
    for (const candidate of this.byDc.get(dc) ?? NO_HOSTS) {
      if (!candidate.isUp) continue;
      if (candidate.endpoint === host.endpoint) return 'remote';
      if (++used === budget) break;
    }
    return 'ignored';
  }

  newQueryPlan(_info: RoutingInfo): Iterable<Host> {
    const byDc = this.byDc;
    const local = byDc.get(this.localDc) ?? NO_HOSTS;
    return new DcAwarePlan(
      local,
      this.rotation.next(local.length),
      byDc,
      this.localDc,
      this.usedHostsPerRemoteDc,
    );
  }

  onAdd(host: Host): void {
    this.setDcHosts(host.datacenter, withHost(this.byDc.get(host.datacenter) ?? NO_HOSTS, host));
  }

  onRemove(host: Host): void {
    const current = this.byDc.get(host.datacenter);
    if (current !== undefined) this.setDcHosts(host.datacenter, withoutHost(current, host));
  }

  onUp(host: Host): void {
    this.onAdd(host);
  }

  onDown(_host: Host): void {
    // Plans and distance() read host.isUp: nothing to update.
  }

  /** Replaces one data center's list (copy-on-write: plans in progress keep their snapshot). */
  private setDcHosts(dc: string | undefined, hosts: readonly Host[]): void {
    if (this.byDc.get(dc) === hosts) return;
    const byDc = new Map(this.byDc);
    if (hosts.length === 0) byDc.delete(dc);
    else byDc.set(dc, hosts);
    this.byDc = byDc;
  }

  private inferLocalDc(candidates: readonly Host[], kind: string): void {
    const source = candidates.find((h) => h.datacenter !== undefined);
    if (source === undefined) return;
    this.localDc = source.datacenter;
    const others = new Set(
      candidates.map((h) => h.datacenter).filter((dc) => dc !== undefined && dc !== this.localDc),
    );
    const spread =
      others.size > 0
        ? ` The ${kind}s span other data centers too (${[...others].map((dc) => `'${dc}'`).join(', ')}).`
        : '';
    this.logger.warn(
      `DCAwareRoundRobinPolicy: no localDc configured; using '${this.localDc}', the data center of ` +
        `${kind} ${source.endpoint}.${spread} Set localDc explicitly to the data center this client runs in.`,
    );
  }
}

/** The end of a plan (shared: an iterator result is never kept by the executor). */
const PLAN_DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * One request's plan: the up hosts of the local data center from a rotating start, then up to
 * `budget` up hosts of each remote data center. A class rather than a generator: a generator
 * object costs ~0.4 KB per request, this one a few fields (and one result per host taken).
 */
class DcAwarePlan implements IterableIterator<Host> {
  private index = 0;
  private remoteDcs: Iterator<[string | undefined, readonly Host[]]> | undefined = undefined;
  private remoteHosts: readonly Host[] | undefined = undefined;
  private remoteIndex = 0;
  private used = 0;

  constructor(
    private readonly local: readonly Host[],
    private readonly start: number,
    private readonly byDc: HostsByDc,
    private readonly localDc: string | undefined,
    private readonly budget: number,
  ) {}

  [Symbol.iterator](): IterableIterator<Host> {
    return this;
  }

  next(): IteratorResult<Host, undefined> {
    const local = this.local;
    const length = local.length;
    while (this.index < length) {
      const host = local[(this.start + this.index++) % length]!;
      if (host.isUp) return { value: host, done: false };
    }
    if (this.budget === 0) return PLAN_DONE;
    for (;;) {
      const hosts = this.remoteHosts;
      if (hosts !== undefined) {
        while (this.remoteIndex < hosts.length && this.used < this.budget) {
          const host = hosts[this.remoteIndex++]!;
          if (!host.isUp) continue;
          this.used++;
          return { value: host, done: false };
        }
        this.remoteHosts = undefined;
      }
      this.remoteDcs ??= this.byDc.entries();
      const entry = this.remoteDcs.next();
      if (entry.done) return PLAN_DONE;
      const [dc, dcHosts] = entry.value;
      if (dc === this.localDc) continue;
      this.remoteHosts = dcHosts;
      this.remoteIndex = 0;
      this.used = 0;
    }
  }
}
