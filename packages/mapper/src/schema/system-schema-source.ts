/**
 * Reads the live schema with plain queries of `system_schema` through the session.
 *
 * @packageDocumentation
 */
import type { Session } from '@cqlkit/driver';
import type { LiveColumn, LiveIndex, LiveSchemaSource, LiveTable, LiveUserType } from './live-schema';

/**
 * A {@link LiveSchemaSource} that queries `system_schema.columns`, `system_schema.indexes` and
 * `system_schema.types` on the coordinator (after DDL, make sure the schema agreed first).
 *
 * @example
 * ```ts
 * const mapper = new Mapper(session, { schemaSource: new SystemSchemaSource(session) }); // the default
 * ```
 */
export class SystemSchemaSource implements LiveSchemaSource {
  constructor(private readonly session: Session) {}

  async table(keyspace: string, name: string): Promise<LiveTable | undefined> {
    const [columns, indexes] = await Promise.all([
      this.session.execute<{
        column_name: string;
        clustering_order: string;
        kind: string;
        position: number;
        type: string;
      }>(
        'SELECT column_name, clustering_order, kind, position, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
        [keyspace, name],
        { prepare: true, idempotent: true, paging: false },
      ),
      this.session.execute<{ index_name: string; kind: string; options: Map<string, string> | null }>(
        'SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?',
        [keyspace, name],
        { prepare: true, idempotent: true, paging: false },
      ),
    ]);
    if (columns.rows.length === 0) return undefined;
    return {
      keyspace,
      name,
      columns: columns.rows.map((r): LiveColumn => ({
        name: r.column_name,
        type: r.type,
        kind: r.kind as LiveColumn['kind'],
        position: r.position,
        clusteringOrder: r.clustering_order as LiveColumn['clusteringOrder'],
      })),
      indexes: indexes.rows.map((r): LiveIndex => ({
        name: r.index_name,
        kind: r.kind,
        options: Object.fromEntries(r.options ?? []),
      })),
    };
  }

  async userType(keyspace: string, name: string): Promise<LiveUserType | undefined> {
    const rs = await this.session.execute<{ field_names: string[] | null; field_types: string[] | null }>(
      'SELECT field_names, field_types FROM system_schema.types WHERE keyspace_name = ? AND type_name = ?',
      [keyspace, name],
      { prepare: true, idempotent: true },
    );
    const row = rs.first();
    if (row === undefined) return undefined;
    const names = row.field_names ?? [];
    const types = row.field_types ?? [];
    return { keyspace, name, fields: names.map((n, i) => ({ name: n, type: types[i] ?? '' })) };
  }
}
