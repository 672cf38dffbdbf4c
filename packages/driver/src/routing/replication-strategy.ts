/**
 * A keyspace's replication settings, as stored in `system_schema.keyspaces.replication`, parsed
 * into the strategies the token map knows how to place.
 *
 * @packageDocumentation
 */

/**
 * The replication map of a keyspace, e.g. `{ class: 'SimpleStrategy', replication_factor: '3' }`
 * or `{ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '3', dc2: '2' }`.
 */
export type ReplicationOptions = Readonly<Record<string, string>>;

/** A replication strategy the token map can place replicas for. */
export type ReplicationStrategy =
  /** `replicationFactor` consecutive distinct nodes along the ring, ignoring topology. */
  | { readonly kind: 'simple'; readonly replicationFactor: number }
  /** Per data center, nodes along the ring preferring distinct racks. */
  | { readonly kind: 'network-topology'; readonly datacenterFactors: ReadonlyMap<string, number> }
  /** Every node holds every partition (ScyllaDB / DSE `EverywhereStrategy`). */
  | { readonly kind: 'everywhere' }
  /** Node-local data (system keyspaces): any node can serve it, so no replica is preferred. */
  | { readonly kind: 'local' }
  /** A strategy this driver does not know: no replicas, so token-aware routing falls back. */
  | { readonly kind: 'unknown'; readonly className: string };

/** The class name without its Java package (`org.apache.cassandra.locator.X` → `X`). */
function simpleClassName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

/**
 * Parses a replication factor: `'3'`, or `'3/1'` (transient replication: 3 replicas of which 1
 * transient, all of which hold the range). Anything else counts as 0.
 */
export function parseReplicationFactor(value: string | undefined): number {
  if (value === undefined) return 0;
  const match = /^\s*(\d+)\s*(?:\/\s*\d+\s*)?$/.exec(value);
  return match ? Number(match[1]) : 0;
}

/**
 * Parses a keyspace's replication map.
 *
 * @example
 * ```ts
 * parseReplicationOptions({ class: 'NetworkTopologyStrategy', dc1: '3', dc2: '2' });
 * // { kind: 'network-topology', datacenterFactors: Map { 'dc1' => 3, 'dc2' => 2 } }
 * ```
 */
export function parseReplicationOptions(options: ReplicationOptions): ReplicationStrategy {
  const className = options['class'] ?? '';
  switch (simpleClassName(className)) {
    case 'SimpleStrategy':
      return { kind: 'simple', replicationFactor: parseReplicationFactor(options['replication_factor']) };
    case 'NetworkTopologyStrategy': {
      const datacenterFactors = new Map<string, number>();
      for (const [key, value] of Object.entries(options)) {
        if (key === 'class' || key === 'replication_factor') continue;
        const factor = parseReplicationFactor(value);
        if (factor > 0) datacenterFactors.set(key, factor);
      }
      return { kind: 'network-topology', datacenterFactors };
    }
    case 'EverywhereStrategy':
      return { kind: 'everywhere' };
    case 'LocalStrategy':
      return { kind: 'local' };
    default:
      return { kind: 'unknown', className };
  }
}

/**
 * A string that is equal for two strategies exactly when they place replicas the same way, so
 * keyspaces with the same settings share one replica table.
 *
 * @example
 * ```ts
 * replicationStrategyKey(parseReplicationOptions({ class: 'SimpleStrategy', replication_factor: '3' })); // 'simple:3'
 * ```
 */
export function replicationStrategyKey(strategy: ReplicationStrategy): string {
  switch (strategy.kind) {
    case 'simple':
      return `simple:${strategy.replicationFactor}`;
    case 'network-topology':
      return (
        'nts:' +
        [...strategy.datacenterFactors]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([dc, factor]) => `${JSON.stringify(dc)}=${factor}`)
          .join(',')
      );
    case 'unknown':
      return `unknown:${strategy.className}`;
    default:
      return strategy.kind;
  }
}
