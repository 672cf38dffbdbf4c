/**
 * One QUERY or EXECUTE through the request pipeline: its `StatementRequest` (the executor's spec,
 * the statement's routing info and its next-page fetcher, one object per page, and its client
 * timestamp) and the answer turned into a `ResultSet` (rows, void, keyspace and schema changes,
 * ScyllaDB tablet payloads).
 *
 * Never holds binding (`value-binder.ts`), option resolution (`request-options.ts`), the
 * executor's retry and speculation logic (`request-executor.ts`), socket code or policy
 * implementations.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import type { Connection } from '../connection/connection';
import type { Host } from '../cluster/host';
import type { ResolvedExecutionProfile, RowShape } from '../options';
import type { TimestampGenerator } from '../policies/timestamp-generator';
import type { RetryPolicy } from '../policies/retry';
import type { SpeculativeExecutionPolicy } from '../policies/speculative-execution';
import type { ExecutionProfiles } from './execution-profiles';
import {
  decodeResponseBody,
  decodeResultBody,
  describeResponse,
  ExecuteMessage,
  QueryMessage,
  type ColumnSpec,
  type QueryParameters,
  type RequestMessage,
  type ResultMessage,
  type SchemaChange,
} from '../protocol/messages';
import { envelopeBodyReader, type Envelope } from '../protocol/envelope';
import { isPlainVoidResult } from '../protocol/messages/response-message';
import { Opcode, type ProtocolVersion } from '../protocol/opcodes';
import { readResponsePrefix, type ResponsePrefix } from '../protocol/response-prefix';
import type { RoutingInfo } from '../policies/load-balancing';
import type { CodecOptions } from '../types';
import { PreparedStatement } from './prepared-statement';
import {
  executeRequest,
  type ExecutionEnvironment,
  type CompletingSpec,
  type RequestOutcome,
  type RequestSpec,
} from './request-executor';
import type { RequestDescription } from './request-observation';
import type { RequestPage, RequestStart } from '../observability/request-events';
import { ResultSet, type NextPageFetcher, type PageInfo, type QueryTraceFetcher } from './result-set';
import { decodeRows, RowCursor } from './row-decoding';
import { reprepareAfterUnprepared } from './statement-preparer';
import { preparedKeyspace } from '../routing/routing-key';
import type { ResolvedRequestOptions } from './request-options';
import { StatementRouting } from '../routing/statement-routing';
import { TABLETS_ROUTING_V1_PAYLOAD_KEY } from '../protocol/scylla-extensions';
import type { BoundValues } from './value-binder';

/** What statements need from their session. @internal */
export interface SessionContext {
  readonly env: ExecutionEnvironment;
  /** The cluster's execution profiles (default and named). */
  readonly profiles: ExecutionProfiles;
  /** Client-side timestamps (undefined: the server assigns them). */
  readonly timestamps: TimestampGenerator | undefined;
  readonly codecOptions: CodecOptions | undefined;
  /** The session keyspace, for routing. */
  keyspace(): string | undefined;
  /** Fetches query traces through the session (`ResultSet.getQueryTrace`). */
  readonly queryTrace?: QueryTraceFetcher;
  /** Called when a `USE` statement switched the keyspace of one connection. */
  onKeyspaceChanged(keyspace: string): Promise<void>;
  /**
   * ScyllaDB: a result carried a `tablets-routing-v1` payload (the request reached a node or shard
   * that does not own the partition's tablet); files the tablet under the statement's table.
   */
  learnTablet?(keyspace: string, table: string, value: Buffer): void;
  /**
   * Called when a statement changed the schema, before its result is returned: waits for schema
   * agreement as seen by the coordinator (through `connection`, the one that answered) and
   * refreshes the metadata; resolves whether agreement was reached.
   */
  onSchemaChange?(
    change: SchemaChange,
    coordinator: Host,
    connection: Connection | undefined,
  ): Promise<boolean>;
}

/**
 * Runs a QUERY or EXECUTE with encoded values and turns the answer into a ResultSet whose
 * `fetchNextPage` reuses the same encoded values.
 *
 * @internal
 */
export function runStatement<Row>(
  ctx: SessionContext,
  statement: string | PreparedStatement,
  bound: BoundValues,
  opts: ResolvedRequestOptions,
  pagingState: Buffer | undefined,
  params?: unknown,
  page?: RequestPage,
): Promise<ResultSet<Row>> {
  // Not an async function: a suspended async frame per request in flight costs ~0.4 KB of heap;
  // a `.then` callback reading the spec costs one small closure.
  try {
    return startStatement<Row>(ctx, statement, bound, opts, pagingState, params, page);
  } catch (error) {
    return Promise.reject(error);
  }
}

function startStatement<Row>(
  ctx: SessionContext,
  statement: string | PreparedStatement,
  bound: BoundValues,
  opts: ResolvedRequestOptions,
  pagingState: Buffer | undefined,
  params: unknown,
  page: RequestPage | undefined,
): Promise<ResultSet<Row>> {
  const prepared = statement instanceof PreparedStatement ? statement : undefined;
  const spec = new StatementRequest(ctx, statement, prepared, bound, opts, pagingState, params, page);
  return executeRequest(ctx.env, spec) as Promise<ResultSet<Row>>;
}

/**
 * The request spec of one QUERY or EXECUTE page: what the executor reads (from the resolved
 * options, through accessors), how to build each attempt's message, how to turn the answer into
 * a ResultSet and fetch the next page. It is its own {@link RoutingInfo} (keyspace, table, LWT
 * flag, consistency; routing key and token computed on first read): one object per request, its
 * callbacks shared on the prototype.
 */
class StatementRequest
  extends StatementRouting
  implements RequestSpec, CompletingSpec<ResultSet<unknown>>, NextPageFetcher<unknown>
{
  /** The observed start of this first-page request, once answered (for the next pages' events). */
  firstRequest: RequestStart | undefined = undefined;
  /** Prepares the statement again after UNPREPARED (prepared statements only). */
  readonly reprepare: ((this: StatementRequest, connection: Connection) => Promise<void>) | undefined;
  /**
   * The client timestamp: the caller's, else generated once per request (retries and
   * speculative executions reuse it: idempotence).
   */
  readonly timestamp: bigint | number | undefined;

  constructor(
    readonly ctx: SessionContext,
    readonly statement: string | PreparedStatement,
    prepared: PreparedStatement | undefined,
    readonly bound: BoundValues,
    readonly opts: ResolvedRequestOptions,
    readonly pagingState: Buffer | undefined,
    readonly params: unknown,
    /** Which page this request fetches (undefined: the first). */
    readonly page: RequestPage | undefined,
  ) {
    super(
      opts.keyspace ?? (prepared ? preparedKeyspace(prepared) : undefined) ?? ctx.keyspace(),
      prepared?.table,
      prepared?.isLwt ?? false,
      opts.consistency,
      prepared,
      bound.values,
      opts.routingKey,
      ctx.env.tablets,
    );
    this.reprepare = prepared ? reprepareStatement : undefined;
    this.timestamp = opts.timestamp ?? ctx.timestamps?.next();
  }

  get idempotent(): boolean {
    return this.opts.idempotent;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  get routing(): RoutingInfo {
    return this;
  }

  get retryPolicy(): RetryPolicy {
    return this.opts.profile.retryPolicy;
  }

  get speculativeExecution(): SpeculativeExecutionPolicy | undefined {
    return this.opts.profile.speculativeExecutionPolicy;
  }

  get queryPlan(): ((routing: RoutingInfo) => Iterable<Host>) | undefined {
    return profileQueryPlan(this.opts.profile);
  }

  build(consistency: number, _version: ProtocolVersion, metadataIds: boolean): RequestMessage {
    const { prepared, opts, bound } = this;
    // One literal with every field (undefined = absent): conditional spreads cost ~100 ns each.
    const parameters: QueryParameters = {
      consistency,
      values: bound.values,
      names: bound.names,
      skipMetadata:
        prepared !== undefined &&
        metadataIds &&
        prepared.resultMetadataId !== undefined &&
        prepared.resultColumns.length > 0,
      pageSize: opts.pageSize,
      pagingState: this.pagingState,
      serialConsistency: opts.serialConsistency,
      timestamp: this.timestamp,
      keyspace: opts.keyspace,
      nowInSeconds: opts.nowInSeconds,
    };
    return prepared
      ? new ExecuteMessage(prepared.id, prepared.resultMetadataId, parameters, opts.envelope)
      : new QueryMessage(this.statement as string, parameters, opts.envelope);
  }

  describe(): RequestDescription {
    const prepared = this.prepared;
    return {
      kind: prepared ? 'execute' : 'query',
      query: prepared ? prepared.query : (this.statement as string),
      params: this.params,
      keyspace: this.opts.keyspace ?? prepared?.keyspace ?? this.ctx.keyspace(),
      summary: this.opts.summary,
      pageSize: this.opts.pageSize,
      page: this.page,
    };
  }

  /** The ResultSet of the answer; its next page runs the same statement again. */
  complete(outcome: RequestOutcome): ResultSet<unknown> | Promise<ResultSet<unknown>> {
    if (this.page === undefined) this.firstRequest = outcome.request; // the next pages name it
    return toResultSet<unknown>(
      this.ctx,
      outcome.frame,
      outcome.host,
      this.opts.rowShape,
      this.prepared,
      this,
      outcome.connection,
      this.opts.rowsForIteration,
    );
  }

  /** The next page: the same statement with the same encoded values, from `state`. */
  fetchPage<Row>(state: Buffer, signal?: AbortSignal): Promise<ResultSet<Row>> {
    const opts = this.opts;
    const eager = opts.rowsForIteration ? { ...opts, rowsForIteration: false } : opts;
    return this.nextPage<Row>(signal ? { ...eager, signal } : eager, state);
  }

  /** The next page for an iteration: its rows decoded as the loop takes them. */
  fetchPageForIteration<Row>(state: Buffer): Promise<ResultSet<Row>> {
    const opts = this.opts;
    return this.nextPage<Row>(opts.rowsForIteration ? opts : { ...opts, rowsForIteration: true }, state);
  }

  /** The page after `state` of this statement, with `opts`; page events name the first page. */
  private nextPage<Row>(opts: ResolvedRequestOptions, state: Buffer): Promise<ResultSet<Row>> {
    const page = this.page;
    return runStatement<Row>(this.ctx, this.statement, this.bound, opts, state, this.params, {
      number: (page?.number ?? 1) + 1,
      first: page ? page.first : this.firstRequest,
    });
  }
}

function reprepareStatement(this: StatementRequest, connection: Connection): Promise<void> {
  return reprepareAfterUnprepared(
    connection,
    this.prepared as PreparedStatement,
    this.ctx.keyspace(),
    this.opts.timeoutMs,
    this.ctx.env.timers,
  );
}

/** The query plan of a profile's own load-balancing policy (bound once per profile). @internal */
export function profileQueryPlan(
  profile: ResolvedExecutionProfile,
): ((routing: RoutingInfo) => Iterable<Host>) | undefined {
  const lb = profile.loadBalancingPolicy;
  if (lb === undefined) return undefined;
  let plan = queryPlans.get(lb);
  if (plan === undefined) {
    plan = (routing) => lb.newQueryPlan(routing);
    queryPlans.set(lb, plan);
  }
  return plan;
}

const queryPlans = new WeakMap<object, (routing: RoutingInfo) => Iterable<Host>>();

/**
 * Turns a response into a ResultSet (an ignored error gives an empty one): synchronously for rows
 * and void results (the hot path: no extra promise), asynchronously after a keyspace or schema
 * change (which wait for the session to follow). @internal
 */
export function toResultSet<Row>(
  ctx: SessionContext,
  frame: Envelope | undefined,
  host: Host,
  shape: RowShape,
  prepared: PreparedStatement | undefined,
  fetchNext: NextPageFetcher<Row> | undefined,
  connection?: Connection,
  rowsForIteration = false,
): ResultSet<Row> | Promise<ResultSet<Row>> {
  if (frame === undefined) return new ResultSet<Row>([], emptyInfo(host), undefined);
  if (isPlainVoidResult(frame)) return new ResultSet<Row>([], lastPageInfo(host, NO_PAGE.columns), undefined);
  if (frame.opcode !== Opcode.RESULT) throw unexpectedAnswer(ctx, frame, host, prepared, connection);
  // A RESULT is read in place, without `decodeResponseBody`'s response and message objects.
  const reader = envelopeBodyReader(frame);
  const prefix = readResponsePrefix(reader, frame.flags);
  const result = decodeResultBody(reader, frame.version & 0x7f, connection?.resultMetadataIds);
  if (prefix.customPayload !== undefined && prepared !== undefined) {
    learnTablet(ctx, prefix.customPayload, prepared, connection);
  }
  switch (result.kind) {
    case 'rows': {
      const metadata = result.metadata;
      if (prepared && metadata.newMetadataId !== undefined) prepared.updateResultMetadata(metadata);
      const columns = metadata.columns ?? prepared?.resultColumns;
      if (columns === undefined) {
        throw new ProtocolDecodeError(
          `${host.endpoint} sent rows without metadata for an unprepared statement`,
        );
      }
      const source = rowsForIteration
        ? new RowCursor<Row>(result, columns, shape, ctx.codecOptions)
        : undefined;
      const rows = source === undefined ? decodeRows<Row>(result, columns, shape, ctx.codecOptions) : [];
      const pagingState = metadata.hasMorePages ? metadata.pagingState : undefined;
      const info =
        pagingState === undefined && !hasPrefix(prefix)
          ? lastPageInfo(host, columns)
          : pageInfo(prefix, host, columns, pagingState);
      return new ResultSet<Row>(rows, info, fetchNext, tracesOf(ctx, prefix.tracingId), source);
    }
    case 'void':
      return new ResultSet<Row>(
        [],
        hasPrefix(prefix)
          ? pageInfo(prefix, host, NO_PAGE.columns, undefined)
          : lastPageInfo(host, NO_PAGE.columns),
        undefined,
        tracesOf(ctx, prefix.tracingId),
      );
    default:
      return otherResult<Row>(ctx, result, prefix, host, connection);
  }
}

/**
 * The error for an answer that is not a RESULT (never an ERROR: the connection turns those into
 * server errors), decoded in full to be named; its tablet payload is still learnt.
 */
function unexpectedAnswer(
  ctx: SessionContext,
  frame: Envelope,
  host: Host,
  prepared: PreparedStatement | undefined,
  connection: Connection | undefined,
): ProtocolDecodeError {
  const decoded = decodeResponseBody(frame, host.endpoint, connection?.resultMetadataIds);
  if (decoded.customPayload !== undefined && prepared !== undefined) {
    learnTablet(ctx, decoded.customPayload, prepared, connection);
  }
  return new ProtocolDecodeError(
    `${host.endpoint} answered a request with ${describeResponse(decoded.message)}`,
  );
}

/** A result that is neither rows nor void: a keyspace or schema change (which wait), or an error. */
function otherResult<Row>(
  ctx: SessionContext,
  result: ResultMessage,
  prefix: ResponsePrefix,
  host: Host,
  connection: Connection | undefined,
): Promise<ResultSet<Row>> {
  const base = {
    warnings: prefix.warnings ?? NO_WARNINGS,
    customPayload: prefix.customPayload,
    tracingId: prefix.tracingId,
    coordinator: host,
  };
  switch (result.kind) {
    case 'setKeyspace':
      return ctx
        .onKeyspaceChanged(result.keyspace)
        .then(
          () =>
            new ResultSet<Row>(
              [],
              { ...base, ...NO_PAGE, keyspace: result.keyspace },
              undefined,
              tracesOf(ctx, base.tracingId),
            ),
        );
    case 'schemaChange': {
      const change = result.schemaChange;
      const agreement = ctx.onSchemaChange
        ? ctx.onSchemaChange(change, host, connection)
        : Promise.resolve(false);
      return agreement.then(
        (agreed) =>
          new ResultSet<Row>(
            [],
            { ...base, ...NO_PAGE, schemaChange: change, schemaInAgreement: agreed },
            undefined,
            tracesOf(ctx, base.tracingId),
          ),
      );
    }
    case 'prepared':
      throw new ProtocolDecodeError(`${host.endpoint} answered a query with a Prepared result`);
    default:
      throw new ProtocolDecodeError(`${host.endpoint} answered with an unexpected ${result.kind} result`);
  }
}

/** The session's trace fetcher for a traced response (none for the others: nothing to keep). */
function tracesOf(ctx: SessionContext, tracingId: Buffer | undefined): QueryTraceFetcher | undefined {
  return tracingId === undefined ? undefined : ctx.queryTrace;
}

/** ScyllaDB: files the tablet of a `tablets-routing-v1` payload under the statement's table. */
function learnTablet(
  ctx: SessionContext,
  payload: ReadonlyMap<string, Buffer | null>,
  prepared: PreparedStatement,
  connection: Connection | undefined,
): void {
  const value = payload.get(TABLETS_ROUTING_V1_PAYLOAD_KEY);
  if (value == null || ctx.learnTablet === undefined || !connection?.scyllaExtensions?.tabletsRoutingV1)
    return;
  const keyspace = preparedKeyspace(prepared) ?? ctx.keyspace();
  const table = prepared.table;
  if (keyspace !== undefined && table !== undefined) ctx.learnTablet(keyspace, table, value);
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** Whether the response carried a tracing id, warnings or a custom payload. */
function hasPrefix(prefix: ResponsePrefix): boolean {
  return (
    prefix.warnings !== undefined || prefix.customPayload !== undefined || prefix.tracingId !== undefined
  );
}

/**
 * The PageInfo of a page of rows or a void result, as one literal (`{ ...a, ...b }` costs ~0.5–3 µs
 * on Node 20, and this runs for every answer).
 */
function pageInfo(
  prefix: ResponsePrefix,
  host: Host,
  columns: readonly ColumnSpec[],
  pagingState: Buffer | undefined,
): PageInfo {
  return {
    warnings: prefix.warnings ?? NO_WARNINGS,
    customPayload: prefix.customPayload,
    tracingId: prefix.tracingId,
    coordinator: host,
    columns,
    pagingState,
    schemaChange: undefined,
    keyspace: undefined,
    schemaInAgreement: true,
  };
}

/** The PageInfos last returned by {@link lastPageInfo} for rows and for void results. */
let plainRowsInfo: PageInfo | undefined;
let plainVoidInfo: PageInfo | undefined;

/**
 * The PageInfo of a last page, or of a void result, without prefix, from `host`, with `columns`
 * (shared specs: see `column-spec-cache`): everything in it is then fixed, so consecutive such
 * answers of one statement from one node share one PageInfo (read-only, like every PageInfo).
 */
function lastPageInfo(host: Host, columns: readonly ColumnSpec[]): PageInfo {
  const last = columns.length === 0 ? plainVoidInfo : plainRowsInfo;
  if (last !== undefined && last.columns === columns && last.coordinator === host) return last;
  const info: PageInfo = {
    warnings: NO_WARNINGS,
    customPayload: undefined,
    tracingId: undefined,
    coordinator: host,
    columns,
    pagingState: undefined,
    schemaChange: undefined,
    keyspace: undefined,
    schemaInAgreement: true,
  };
  if (columns.length === 0) plainVoidInfo = info;
  else plainRowsInfo = info;
  return info;
}

const NO_PAGE = {
  columns: [],
  pagingState: undefined,
  schemaChange: undefined,
  keyspace: undefined,
  schemaInAgreement: true,
} as const;

function emptyInfo(host: Host): PageInfo {
  return { ...NO_PAGE, warnings: [], customPayload: undefined, tracingId: undefined, coordinator: host };
}
