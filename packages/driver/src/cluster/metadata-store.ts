/**
 * The cluster's metadata as immutable snapshots: schema, keyspace replication and token map.
 *
 * @packageDocumentation
 */

import type { Host } from './host';
import type { ReplicationOptions } from '../routing/replication-strategy';
import { TokenMap } from '../routing/token-map';

/** One consistent view of the metadata; replaced as a whole, never mutated. */
export interface MetadataSnapshot<S> {
  /** The schema model (keyspaces, tables, types, functions…). */
  readonly schema: S;
  /** Replication settings by keyspace, as read from `system_schema.keyspaces`. */
  readonly replication: ReadonlyMap<string, ReplicationOptions>;
  /** The cluster's partitioner class. */
  readonly partitioner: string | undefined;
  /** Replicas of each partition (empty when token metadata is off or unknown). */
  readonly tokenMap: TokenMap;
}

/**
 * Holds the current {@link MetadataSnapshot}. Each change builds a new frozen snapshot and swaps
 * it in one assignment, so a reader holding a snapshot never sees a half-applied refresh.
 *
 * @example
 * ```ts
 * const snapshot = store.snapshot; // stays consistent while refreshes replace store.snapshot
 * snapshot.tokenMap.getReplicas('shop', key);
 * ```
 * @internal
 */
export class MetadataStore<S> {
  private current: MetadataSnapshot<S>;

  constructor(
    emptySchema: S,
    /** When false the token map stays empty. */
    private readonly tokenMetadataEnabled: boolean,
    /** The hosts the token map is built from. */
    private readonly hosts: () => readonly Host[],
  ) {
    this.current = Object.freeze({
      schema: emptySchema,
      replication: new Map<string, ReplicationOptions>(),
      partitioner: undefined,
      tokenMap: TokenMap.EMPTY,
    });
  }

  get snapshot(): MetadataSnapshot<S> {
    return this.current;
  }

  /** Replaces the schema with `update(schema)`. */
  updateSchema(update: (schema: S) => S): void {
    this.swap({ ...this.current, schema: update(this.current.schema) });
  }

  /** Replaces every keyspace's replication and rebuilds the token map. */
  setReplication(replication: ReadonlyMap<string, ReplicationOptions>): void {
    this.swap({ ...this.current, replication, tokenMap: this.build(replication, this.current.partitioner) });
  }

  /** Sets (or, with `undefined`, removes) one keyspace's replication; the ring is reused. */
  setKeyspaceReplication(keyspace: string, options: ReplicationOptions | undefined): void {
    const replication = new Map(this.current.replication);
    let tokenMap = this.current.tokenMap;
    if (options === undefined) {
      replication.delete(keyspace);
      tokenMap = tokenMap.withoutKeyspace(keyspace);
    } else {
      replication.set(keyspace, options);
      if (this.tokenMetadataEnabled) tokenMap = tokenMap.withKeyspace(keyspace, options);
    }
    this.swap({ ...this.current, replication, tokenMap });
  }

  /** Rebuilds the token map from the current hosts (after a topology change). */
  rebuildTokenMap(partitioner: string | undefined = this.current.partitioner): void {
    this.swap({ ...this.current, partitioner, tokenMap: this.build(this.current.replication, partitioner) });
  }

  private build(
    replication: ReadonlyMap<string, ReplicationOptions>,
    partitioner: string | undefined,
  ): TokenMap {
    if (!this.tokenMetadataEnabled) return TokenMap.EMPTY;
    return TokenMap.build({ hosts: this.hosts(), keyspaces: replication, partitioner });
  }

  private swap(next: MetadataSnapshot<S>): void {
    this.current = Object.freeze(next);
  }
}
