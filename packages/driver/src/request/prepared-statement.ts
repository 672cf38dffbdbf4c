import type { ColumnSpec, PreparedResult, RowsMetadata } from '../protocol/messages';

/**
 * A statement prepared on the cluster. Get one from `session.prepare()` and pass it to
 * `session.execute()` / `iterate()` / `batch()` as often as you like. The driver keeps it valid:
 * when a node has forgotten it (restart, new node), the statement is prepared again there
 * transparently, and on protocol v5 the result metadata is updated when the table changes.
 *
 * @example
 * ```ts
 * const insert = await session.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
 * insert.variables.map((v) => v.name); // ['id', 'name']
 * await session.execute(insert, [Uuid.random(), 'Ann']);
 * ```
 */
export class PreparedStatement {
  private state: PreparedState;

  /** @internal */
  constructor(
    /** The CQL text. */
    readonly query: string,
    /** The keyspace it was prepared in (when given explicitly). */
    readonly keyspace: string | undefined,
    result: PreparedResult,
  ) {
    this.state = stateOf(result);
  }

  /** The statement id the server assigned. */
  get id(): Buffer {
    return this.state.id;
  }

  /** Protocol v5: the id of the result metadata the driver knows. */
  get resultMetadataId(): Buffer | undefined {
    return this.state.resultMetadataId;
  }

  /** The bind markers, in order, with their names and CQL types. */
  get variables(): readonly ColumnSpec[] {
    return this.state.variables;
  }

  /**
   * For each partition-key column in key order, the index of the bind marker holding it (v4+);
   * empty when some partition-key column is not bound by a marker. Used to route requests to
   * replicas.
   */
  get partitionKeyIndexes(): readonly number[] | undefined {
    return this.state.partitionKeyIndexes;
  }

  /** The columns the statement returns (empty for statements that return no rows). */
  get resultColumns(): readonly ColumnSpec[] {
    return this.state.resultColumns;
  }

  /** @internal The result metadata as last known (for No_metadata responses). */
  get resultMetadata(): RowsMetadata {
    return this.state.resultMetadata;
  }

  /** @internal Replaces everything after a re-prepare. */
  replace(result: PreparedResult): void {
    this.state = stateOf(result);
  }

  /** @internal Protocol v5 Metadata_changed: new result metadata id and columns. */
  updateResultMetadata(metadata: RowsMetadata): void {
    if (metadata.newMetadataId === undefined || metadata.columns === undefined) return;
    this.state = {
      ...this.state,
      resultMetadataId: metadata.newMetadataId,
      resultMetadata: metadata,
      resultColumns: metadata.columns,
    };
  }
}

interface PreparedState {
  readonly id: Buffer;
  readonly resultMetadataId: Buffer | undefined;
  readonly variables: readonly ColumnSpec[];
  readonly partitionKeyIndexes: readonly number[] | undefined;
  readonly resultMetadata: RowsMetadata;
  readonly resultColumns: readonly ColumnSpec[];
}

function stateOf(result: PreparedResult): PreparedState {
  return {
    id: result.id,
    resultMetadataId: result.resultMetadataId,
    variables: result.variables.columns,
    partitionKeyIndexes: result.variables.partitionKeyIndexes,
    resultMetadata: result.resultMetadata,
    resultColumns: result.resultMetadata.columns ?? [],
  };
}
