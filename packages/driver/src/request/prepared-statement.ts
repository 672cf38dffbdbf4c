import { Buffer } from 'node:buffer';
import type { StatementOptions } from '../options';
import { validateStatementOptions } from '../options-validation';
import type { ColumnSpec, PreparedResult, RowsMetadata } from '../protocol/messages';
import { checkPreparedSettings, mergeOptions, Statement } from './statement';
import type { Params } from './value-binder';

const NO_DEFAULTS: Readonly<StatementOptions> = Object.freeze({});

/**
 * A statement prepared on the cluster. Get one from `session.prepare()` and pass it to
 * `session.execute()` / `iterate()` / `batch()` as often as you like. The driver keeps it valid:
 * when a node has forgotten it (restart, new node), the statement is prepared again there
 * transparently, and on protocol v5 the result metadata is updated when the table changes.
 *
 * A prepared statement can carry default settings (consistency, page size, idempotence…) for
 * every execution: {@link PreparedStatement.withDefaults}. `session.prepare()` returns the
 * session's cached statement, shared by every caller of the same text, so defaults are never set
 * on it in place: `withDefaults` returns a new handle on the same prepared statement.
 *
 * @example
 * ```ts
 * const insert = await session.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
 * insert.variables.map((v) => v.name); // ['id', 'name']
 * await session.execute(insert, [Uuid.random(), 'Ann']);
 * const quorumInsert = insert.withDefaults({ consistency: Consistency.QUORUM, idempotent: true });
 * await session.execute(quorumInsert, [Uuid.random(), 'Bob']);
 * ```
 */
export class PreparedStatement {
  /** Shared by every handle on this statement (see `withDefaults`); a re-prepare replaces its state. */
  private readonly core: { state: PreparedState; readonly sessionKeyspace: string | undefined };
  private readonly own: Readonly<StatementOptions>;

  /** @internal */
  constructor(
    /** The CQL text. */
    readonly query: string,
    /** The keyspace it was prepared in (when given explicitly). */
    readonly keyspace: string | undefined,
    result: PreparedResult | PreparedStatement,
    defaults: Readonly<StatementOptions> = NO_DEFAULTS,
    sessionKeyspace?: string,
    /** ScyllaDB: the LWT mark of the connection that prepared it (`SCYLLA_LWT_ADD_METADATA_MARK`). */
    lwtMask?: number,
  ) {
    this.core =
      result instanceof PreparedStatement
        ? result.core
        : { state: stateOf(result, lwtMask), sessionKeyspace };
    this.own = defaults;
  }

  /**
   * The keyspace the statement is bound to: the explicit one it was prepared with, else the
   * session's keyspace when it was prepared (unqualified tables resolved there). @internal
   */
  get preparedKeyspace(): string | undefined {
    return this.keyspace ?? this.core.sessionKeyspace;
  }

  /**
   * The settings every execution of this handle starts with (empty unless made by
   * {@link PreparedStatement.withDefaults}); a statement's or a call's own options win over them.
   */
  get defaults(): Readonly<StatementOptions> {
    return this.own;
  }

  /** Whether this handle has default settings. @internal */
  get hasDefaults(): boolean {
    return this.own !== NO_DEFAULTS;
  }

  /**
   * A handle on the same prepared statement (same id, kept valid together) whose executions run
   * with `defaults` (over this handle's own), as the Python driver's `PreparedStatement` settings
   * and the Rust driver's `PreparedStatement` configuration.
   *
   * @throws InvalidOptionsError for an unknown or invalid setting
   * @example
   * ```ts
   * const read = (await session.prepare('SELECT * FROM users WHERE id = ?')).withDefaults({
   *   consistency: Consistency.LOCAL_QUORUM,
   *   idempotent: true,
   * });
   * await session.execute(read, [id]); // LOCAL_QUORUM, idempotent
   * await session.execute(read, [id], { consistency: Consistency.ONE }); // the call wins
   * ```
   */
  withDefaults(defaults: StatementOptions): PreparedStatement {
    validateStatementOptions(defaults, 'prepared statement default');
    checkPreparedSettings(defaults, 'withDefaults()');
    return new PreparedStatement(
      this.query,
      this.keyspace,
      this,
      Object.freeze(mergeOptions(this.own, defaults)),
    );
  }

  /**
   * A {@link Statement} executing this prepared statement with `params` (and `options` over its
   * defaults), as the Python driver's `prepared.bind(values)`.
   *
   * @example
   * ```ts
   * await session.execute(insert.bind([id, 'Ann'], { timestamp: 1_700_000_000_000_000n }));
   * ```
   */
  bind(params?: Params, options?: StatementOptions): Statement {
    return new Statement(this, params, options);
  }

  private get state(): PreparedState {
    return this.core.state;
  }

  /**
   * Whether the statement is a lightweight transaction, as a ScyllaDB node marks it in the
   * PREPARED metadata (always false on Apache Cassandra, which does not say). LWTs are routed to
   * the replicas in ring order, primary first, so that every client contends on the same Paxos
   * coordinator.
   */
  get isLwt(): boolean {
    return this.state.isLwt;
  }

  /** The table the statement reads or writes (from its bind markers or result columns), if known. */
  get table(): string | undefined {
    return this.state.table;
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
  replace(result: PreparedResult, lwtMask?: number): void {
    this.core.state = stateOf(result, lwtMask);
  }

  /** @internal Protocol v5 Metadata_changed: new result metadata id and columns. */
  updateResultMetadata(metadata: RowsMetadata): void {
    if (metadata.newMetadataId === undefined || metadata.columns === undefined) return;
    this.core.state = {
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
  readonly isLwt: boolean;
  readonly table: string | undefined;
}

function stateOf(result: PreparedResult, lwtMask: number | undefined): PreparedState {
  const first = result.variables.columns[0] ?? result.resultMetadata.columns?.[0];
  return {
    isLwt:
      lwtMask !== undefined && lwtMask !== 0 && (result.variables.flags & lwtMask) >>> 0 === lwtMask >>> 0,
    table: first?.table || undefined,
    id: result.id,
    resultMetadataId: result.resultMetadataId,
    variables: result.variables.columns,
    partitionKeyIndexes: result.variables.partitionKeyIndexes,
    resultMetadata: result.resultMetadata,
    resultColumns: result.resultMetadata.columns ?? [],
  };
}
