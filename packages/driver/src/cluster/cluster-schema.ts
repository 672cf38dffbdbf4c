/**
 * The schema model a Cluster keeps up to date. The model itself (keyspaces, tables, views,
 * indexes, types, functions, aggregates, each printing its CQL) lives in `./metadata`.
 *
 * @packageDocumentation
 */

import type { SchemaRows } from './metadata/schema-rows';
import type { SchemaScope } from './metadata/schema-scope';

/**
 * Placeholder until `metadata/SchemaMetadata` lands: keeps no elements.
 *
 * @internal
 */
export class ClusterSchema {
  static readonly EMPTY = new ClusterSchema();

  withRows(_scope: SchemaScope, _rows: SchemaRows): ClusterSchema {
    return this;
  }

  without(_scope: SchemaScope): ClusterSchema {
    return this;
  }
}

/** The schema before the first load. @internal */
export const EMPTY_CLUSTER_SCHEMA = ClusterSchema.EMPTY;
