/**
 * Driver requests as OpenTelemetry spans and request metrics: one CLIENT span per logical request
 * (page fetches of a result are children of the first page's span), child spans for its attempts
 * and re-preparations when it made more than one attempt, and the duration, retry, speculative
 * execution and error metrics. Fed by the driver's `cqlkit:request:*` events; never subscribes
 * by itself.
 *
 * @packageDocumentation
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import {
  ServerError,
  type Host,
  type RequestAttempt,
  type RequestEnd,
  type RequestReprepare,
  type RequestStart,
} from '@cqlkit/driver';

import { summarizeCql, type CqlSummary } from './cql-summary';
import * as sc from './semconv';

/** The request metrics (absent when metrics are off). */
export interface RequestInstruments {
  readonly duration: Histogram;
  readonly retries: Counter;
  readonly speculativeExecutions: Counter;
  readonly errors: Counter;
}

/** How {@link RequestTelemetry} records. */
export interface RequestTelemetryOptions {
  readonly tracer: Tracer | undefined;
  readonly instruments: RequestInstruments | undefined;
  readonly captureQueryText: boolean;
  /** `always`: attempt spans even for single-attempt requests. */
  readonly attemptSpans: 'when-several' | 'always';
  /** The context a new request's span is a child of (the caller's active context). */
  readonly parentContext: () => Context;
}

/**
 * What every request of one statement shape (kind, text, keyspace, summary) shares, built once:
 * the span name and the low-cardinality attributes of the span and the metrics.
 */
interface RequestShape {
  readonly kind: RequestStart['kind'];
  readonly keyspace: string | undefined;
  readonly summary: string | undefined;
  readonly name: string;
  /** Attributes shared by the span and the duration metric. */
  readonly attributes: Attributes;
  /** `attributes` plus the span-only ones that do not change between requests. */
  readonly spanAttributes: Attributes;
  /** The duration metric's attributes of successful requests, per coordinator. */
  readonly succeeded: Map<Host, Attributes>;
}

/** What is kept about a request between its start and its end. */
interface RequestState {
  readonly span: Span | undefined;
  readonly shape: RequestShape;
  /** Attempts and re-preparations, kept for child spans (only while tracing). */
  steps: (RequestAttempt | RequestReprepare)[] | undefined;
}

const SHAPE_CACHE_LIMIT = 2000;

const RETRY_OUTCOMES: ReadonlySet<string> = new Set(['retry-same-host', 'retry-next-host']);

/**
 * Turns request events into spans and metrics. Handlers never throw (a failure is reported
 * through `onError`): they run on the driver's request path.
 */
export class RequestTelemetry {
  private readonly requests = new Map<number, RequestState>();
  /** The span of each first page still reachable from a result, for the spans of later pages. */
  private readonly firstPages = new WeakMap<RequestStart, SpanContext>();
  /** Request shapes by CQL text (a few per text: kind, keyspace, summary). */
  private readonly shapes = new Map<string, RequestShape[]>();

  constructor(
    private readonly options: RequestTelemetryOptions,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** `cqlkit:request:start` (published in the caller's async context). */
  readonly start = (message: unknown): void => {
    try {
      this.started(message as RequestStart);
    } catch (e) {
      this.onError(e);
    }
  };

  /** `cqlkit:request:attempt`. */
  readonly attempt = (message: unknown): void => {
    try {
      const attempt = message as RequestAttempt;
      const state = this.requests.get(attempt.requestId);
      if (state === undefined) return;
      if (RETRY_OUTCOMES.has(attempt.outcome)) {
        this.options.instruments?.retries.add(1, {
          [sc.ATTR_DB_SYSTEM_NAME]: sc.DB_SYSTEM_CASSANDRA,
          [sc.ATTR_ERROR_TYPE]: errorType(attempt.error),
        });
      }
      if (state.span !== undefined) (state.steps ??= []).push(attempt);
    } catch (e) {
      this.onError(e);
    }
  };

  /** `cqlkit:request:reprepare`. */
  readonly reprepare = (message: unknown): void => {
    const reprepare = message as RequestReprepare;
    const state = this.requests.get(reprepare.requestId);
    if (state?.span !== undefined) (state.steps ??= []).push(reprepare);
  };

  /** `cqlkit:request:end` and `cqlkit:request:error`. */
  readonly end = (message: unknown): void => {
    try {
      this.ended(message as RequestEnd);
    } catch (e) {
      this.onError(e);
    }
  };

  /** Requests started and not ended yet. */
  get openRequests(): number {
    return this.requests.size;
  }

  /** Ends the spans of the requests still running (the instrumentation is being disabled). */
  abandon(): void {
    for (const state of this.requests.values()) state.span?.end();
    this.requests.clear();
  }

  private started(event: RequestStart): void {
    const shape = this.shapeOf(event);
    let span: Span | undefined;
    const tracer = this.options.tracer;
    if (tracer !== undefined) {
      const attributes: Attributes = Object.assign({}, shape.spanAttributes);
      attributes[sc.ATTR_CASSANDRA_CONSISTENCY_LEVEL] = sc.consistencyLevel(event.consistency);
      attributes[sc.ATTR_CASSANDRA_QUERY_IDEMPOTENT] = event.idempotent;
      if (event.pageSize !== undefined) attributes[sc.ATTR_CASSANDRA_PAGE_SIZE] = event.pageSize;
      if (event.page !== undefined) attributes[sc.ATTR_CQLKIT_PAGE_NUMBER] = event.page.number;
      span = tracer.startSpan(
        shape.name,
        { kind: SpanKind.CLIENT, startTime: epochMs(event.startedAt), attributes },
        this.parentOf(event),
      );
      if (event.pageSize !== undefined && event.page === undefined) {
        this.firstPages.set(event, span.spanContext());
      }
    }
    this.requests.set(event.id, { span, shape, steps: undefined });
  }

  /** The shape of the event's statement, from the cache or built now. */
  private shapeOf(event: RequestStart): RequestShape {
    let shapes = this.shapes.get(event.query);
    if (shapes !== undefined) {
      for (const shape of shapes) {
        if (
          shape.kind === event.kind &&
          shape.keyspace === event.keyspace &&
          shape.summary === event.summary
        ) {
          return shape;
        }
      }
    } else {
      if (this.shapes.size >= SHAPE_CACHE_LIMIT) this.shapes.clear();
      this.shapes.set(event.query, (shapes = []));
    }
    const shape = this.buildShape(event);
    shapes.push(shape);
    return shape;
  }

  private buildShape(event: RequestStart): RequestShape {
    const what = describe(event);
    const attributes: Attributes = { [sc.ATTR_DB_SYSTEM_NAME]: sc.DB_SYSTEM_CASSANDRA };
    const namespace = event.keyspace ?? what.namespace;
    if (namespace !== undefined) attributes[sc.ATTR_DB_NAMESPACE] = namespace;
    if (what.operation !== undefined) attributes[sc.ATTR_DB_OPERATION_NAME] = what.operation;
    if (what.collection !== undefined) attributes[sc.ATTR_DB_COLLECTION_NAME] = what.collection;
    const summary = event.summary ?? what.summary;
    if (summary !== '') attributes[sc.ATTR_DB_QUERY_SUMMARY] = summary;
    const spanAttributes: Attributes = { ...attributes, [sc.ATTR_CQLKIT_REQUEST_KIND]: event.kind };
    if (what.batchSize !== undefined) spanAttributes[sc.ATTR_DB_OPERATION_BATCH_SIZE] = what.batchSize;
    if (this.options.captureQueryText) spanAttributes[sc.ATTR_DB_QUERY_TEXT] = event.query;
    return {
      kind: event.kind,
      keyspace: event.keyspace,
      summary: event.summary,
      name: summary || sc.DB_SYSTEM_CASSANDRA,
      attributes,
      spanAttributes,
      succeeded: new Map(),
    };
  }

  /** The caller's context; for a later page, the first page's span within it. */
  private parentOf(event: RequestStart): Context {
    const parent = this.options.parentContext();
    const first = event.page?.first;
    const firstSpan = first === undefined ? undefined : this.firstPages.get(first);
    return firstSpan === undefined ? parent : trace.setSpanContext(parent, firstSpan);
  }

  private ended(event: RequestEnd): void {
    const state = this.requests.get(event.id);
    if (state === undefined) return;
    this.requests.delete(event.id);
    const error = event.error;
    const host = event.coordinatorHost;
    const outcome = error === undefined ? (host === undefined ? {} : serverOf(host)) : failure(error, host);

    const instruments = this.options.instruments;
    if (instruments !== undefined) {
      instruments.duration.record(
        event.latencyMs / 1000,
        this.durationAttributes(state.shape, host, outcome, error),
      );
      if (error !== undefined) {
        instruments.errors.add(1, {
          [sc.ATTR_DB_SYSTEM_NAME]: sc.DB_SYSTEM_CASSANDRA,
          [sc.ATTR_ERROR_TYPE]: errorType(error),
        });
      }
      if (event.speculativeExecutions > 0) {
        instruments.speculativeExecutions.add(event.speculativeExecutions, {
          [sc.ATTR_DB_SYSTEM_NAME]: sc.DB_SYSTEM_CASSANDRA,
        });
      }
    }

    const span = state.span;
    if (span === undefined) return;
    span.setAttributes(outcome);
    if (host !== undefined) setCoordinator(span, host);
    span.setAttribute(sc.ATTR_CQLKIT_REQUEST_ATTEMPTS, event.attempts);
    if (event.speculativeExecutions > 0) {
      span.setAttribute(sc.ATTR_CASSANDRA_SPECULATIVE_EXECUTION_COUNT, event.speculativeExecutions);
    }
    if (error !== undefined) failed(span, error);
    const steps = state.steps;
    if (steps !== undefined && (steps.length > 1 || this.options.attemptSpans === 'always')) {
      this.stepSpans(span, steps);
    }
    span.end(epochMs(event.startedAt + event.latencyMs));
  }

  /** The duration metric's attributes: cached per coordinator for successes. */
  private durationAttributes(
    shape: RequestShape,
    host: Host | undefined,
    outcome: Attributes,
    error: Error | undefined,
  ): Attributes {
    if (error !== undefined || host === undefined) return { ...shape.attributes, ...outcome };
    let attributes = shape.succeeded.get(host);
    if (attributes === undefined) {
      attributes = { ...shape.attributes, ...outcome };
      shape.succeeded.set(host, attributes);
    }
    return attributes;
  }

  /** One child span per attempt and re-preparation, with their own timing. */
  private stepSpans(parent: Span, steps: readonly (RequestAttempt | RequestReprepare)[]): void {
    const tracer = this.options.tracer as Tracer;
    const context = trace.setSpan(ROOT_CONTEXT, parent);
    for (const step of steps) {
      const attributes: Attributes = {
        [sc.ATTR_SERVER_ADDRESS]: step.host.address,
        [sc.ATTR_SERVER_PORT]: step.host.port,
      };
      let name = 're-prepare';
      if ('attempt' in step) {
        name = `attempt ${step.attempt}`;
        attributes[sc.ATTR_CQLKIT_ATTEMPT_NUMBER] = step.attempt;
        attributes[sc.ATTR_CQLKIT_ATTEMPT_EXECUTION] = step.execution;
        attributes[sc.ATTR_CQLKIT_ATTEMPT_SPECULATIVE] = step.execution > 1;
        attributes[sc.ATTR_CQLKIT_ATTEMPT_OUTCOME] = step.outcome;
        attributes[sc.ATTR_CASSANDRA_CONSISTENCY_LEVEL] = sc.consistencyLevel(step.consistency);
      }
      const child = tracer.startSpan(
        name,
        { kind: SpanKind.INTERNAL, startTime: epochMs(step.startedAt), attributes },
        context,
      );
      setCoordinator(child, step.host);
      if (step.error !== undefined) {
        child.setAttribute(sc.ATTR_ERROR_TYPE, errorType(step.error));
        const status = statusCode(step.error);
        if (status !== undefined) child.setAttribute(sc.ATTR_DB_RESPONSE_STATUS_CODE, status);
        child.setStatus({ code: SpanStatusCode.ERROR, message: step.error.message });
      }
      child.end(epochMs(step.startedAt + step.latencyMs));
    }
  }
}

/** The summary of a request: of its CQL text, or of a batch's statements. */
function describe(event: RequestStart): CqlSummary & { batchSize: number | undefined } {
  if (event.kind === 'batch') return describeBatch(event.statements ?? []);
  const what = summarizeCql(event.query);
  if (event.kind !== 'prepare') return { ...what, batchSize: undefined };
  const target = what.collection === undefined ? '' : ` ${what.collection}`;
  return { ...what, operation: 'PREPARE', summary: `PREPARE${target}`, batchSize: undefined };
}

/** A batch: `BATCH INSERT` when every statement is an INSERT, the common table if any. */
function describeBatch(statements: readonly string[]): CqlSummary & { batchSize: number | undefined } {
  const parts = statements.map(summarizeCql);
  const same = <K extends keyof CqlSummary>(key: K): CqlSummary[K] | undefined => {
    const first = parts[0]?.[key];
    return parts.every((p) => p[key] === first) ? first : undefined;
  };
  const operation = same('operation');
  const summary = same('summary');
  return {
    operation: operation === undefined ? 'BATCH' : `BATCH ${operation}`,
    collection: same('collection'),
    namespace: same('namespace'),
    summary: summary === undefined || summary === '' ? 'BATCH' : `BATCH ${summary}`,
    batchSize: statements.length > 1 ? statements.length : undefined,
  };
}

function serverOf(host: Host): Attributes {
  return { [sc.ATTR_SERVER_ADDRESS]: host.address, [sc.ATTR_SERVER_PORT]: host.port };
}

function failure(error: Error, host: Host | undefined): Attributes {
  const attributes: Attributes = host === undefined ? {} : serverOf(host);
  attributes[sc.ATTR_ERROR_TYPE] = errorType(error);
  const status = statusCode(error);
  if (status !== undefined) attributes[sc.ATTR_DB_RESPONSE_STATUS_CODE] = status;
  return attributes;
}

function setCoordinator(span: Span, host: Host): void {
  if (host.datacenter !== undefined) span.setAttribute(sc.ATTR_CASSANDRA_COORDINATOR_DC, host.datacenter);
  if (host.hostId !== undefined) span.setAttribute(sc.ATTR_CASSANDRA_COORDINATOR_ID, host.hostId);
}

function failed(span: Span, error: Error): void {
  const code = cqlkitCode(error);
  if (code !== undefined) span.setAttribute(sc.ATTR_CQLKIT_ERROR_CODE, code);
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/** `error.type`: the class name of the driver error (`WriteTimeoutError`, `NoHostAvailableError`…). */
export function errorType(error: Error | undefined): string {
  return error?.name || error?.constructor.name || '_OTHER';
}

/** `db.response.status_code`: the native-protocol error code of a server error, as in the spec (`0x1100`). */
function statusCode(error: Error): string | undefined {
  if (!(error instanceof ServerError)) return undefined;
  return `0x${error.protocolCode.toString(16).padStart(4, '0')}`;
}

/** `cqlkit.error.code`: the stable code of a cqlkit error (`CQLKIT_WRITE_TIMEOUT`…). */
function cqlkitCode(error: Error): string | undefined {
  const code = (error as { readonly code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A `performance.now()` time as milliseconds since the epoch (an OpenTelemetry TimeInput). */
function epochMs(monotonic: number): number {
  return performance.timeOrigin + monotonic;
}
