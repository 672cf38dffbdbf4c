/**
 * Reads the live schema from the driver's schema metadata (`session.cluster.schema`): the mapper
 * never queries `system_schema` itself.
 *
 * @packageDocumentation
 */
import { dataTypeToString, type Cluster } from '@cqlkit/driver';
import type { LiveColumn, LiveSchemaSource, LiveTable, LiveUserType } from './live-schema';

/**
 * A {@link LiveSchemaSource} over the driver's schema metadata (the mapper's default, on the
 * session's cluster). Before reading a table or type it asks the driver to refresh that element
 * (`cluster.refreshTableMetadata`, `refreshUserTypeMetadata`, or the keyspace when the snapshot
 * does not know it yet), so a change made by another client is seen at once rather than after the
 * schema-event window. These refreshes load even with `schemaMetadataEnabled: false`.
 *
 * @example
 * ```ts
 * const mapper = new Mapper(session, { schemaSource: new ClusterMetadataSource(session.cluster) }); // the default
 * ```
 */
export class ClusterMetadataSource implements LiveSchemaSource {
  constructor(private readonly cluster: Cluster) {}

  async table(keyspace: string, name: string): Promise<LiveTable | undefined> {
    await this.refresh(keyspace, () => this.cluster.refreshTableMetadata(keyspace, name));
    const table = this.cluster.schema.keyspace(keyspace)?.table(name);
    if (table === undefined) return undefined;
    return {
      keyspace,
      name,
      columns: table.columns.map((c): LiveColumn => ({
        name: c.name,
        type: c.typeText,
        kind: c.kind,
        position: c.kind === 'partition_key' || c.kind === 'clustering' ? c.position : -1,
        clusteringOrder: c.clusteringOrder.toLowerCase() as LiveColumn['clusteringOrder'],
      })),
      indexes: table.indexes.map((i) => ({ name: i.name, kind: i.kind, options: i.options })),
    };
  }

  async userType(keyspace: string, name: string): Promise<LiveUserType | undefined> {
    await this.refresh(keyspace, () => this.cluster.refreshUserTypeMetadata(keyspace, name));
    const type = this.cluster.schema.keyspace(keyspace)?.userType(name);
    if (type === undefined) return undefined;
    return {
      keyspace,
      name,
      fields: type.fields.map((f) => ({ name: f.name, type: dataTypeToString(f.type) })),
    };
  }

  /** Refreshes one element, or its whole keyspace when the snapshot does not have the keyspace. */
  private async refresh(keyspace: string, element: () => Promise<void>): Promise<void> {
    if (this.cluster.schema.keyspace(keyspace) === undefined)
      await this.cluster.refreshKeyspaceMetadata(keyspace);
    else await element();
  }
}
