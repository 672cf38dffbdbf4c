/**
 * Reads the live schema from the driver's schema metadata (`cluster.schema`), kept up to date by
 * the control connection, without querying `system_schema` again.
 *
 * @packageDocumentation
 */
import { dataTypeToString, type SchemaMetadata } from '@cqlkit/driver';
import type { LiveColumn, LiveSchemaSource, LiveTable, LiveUserType } from './live-schema';

/**
 * A {@link LiveSchemaSource} over the driver's schema metadata snapshot. The driver refreshes it
 * after DDL once the schema agreed, and on schema events.
 *
 * @example
 * ```ts
 * const mapper = new Mapper(session, { schemaSource: new ClusterMetadataSource(cluster) });
 * ```
 */
export class ClusterMetadataSource implements LiveSchemaSource {
  constructor(private readonly cluster: { readonly schema: SchemaMetadata }) {}

  async table(keyspace: string, name: string): Promise<LiveTable | undefined> {
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
    const type = this.cluster.schema.keyspace(keyspace)?.userType(name);
    if (type === undefined) return undefined;
    return {
      keyspace,
      name,
      fields: type.fields.map((f) => ({ name: f.name, type: dataTypeToString(f.type) })),
    };
  }
}
