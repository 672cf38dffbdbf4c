/**
 * Migrations as spans: one per command (`migrate up`), one per migration applied or reverted,
 * one per statement of a file, and schema-agreement waits as events of the span they happen in.
 * Fed by the `cqlkit:migrations:*` tracing channels of `@cqlkit/migrations` (which this package
 * only knows by name: nothing of it is loaded).
 *
 * Context: a subscriber cannot make its span the active OpenTelemetry context of the traced work,
 * so the spans are kept in an `AsyncLocalStorage` bound to the tracing channels' start channels;
 * {@link MigrationTracing.parentContext} gives the innermost migration span as the parent of the
 * driver's request spans, unless the code inside activated a context of its own.
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel, { type TracingChannel } from 'node:diagnostics_channel';
import {
  context,
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type {
  MIGRATION_CHANNELS as MigrationChannels,
  MigrationCommandTrace,
  MigrationStatementTrace,
  MigrationTrace,
  SchemaAgreementTrace,
} from '@cqlkit/migrations';

import * as sc from './semconv';

/** The channel names of `@cqlkit/migrations` (checked against its declaration at compile time). */
const CHANNELS: typeof MigrationChannels = {
  command: 'cqlkit:migrations:command',
  migration: 'cqlkit:migrations:migration',
  statement: 'cqlkit:migrations:statement',
  agreement: 'cqlkit:migrations:agreement',
};

/** A migration span and the contexts around it. */
interface Scope {
  /** The active context when the traced work started. */
  readonly outer: Context;
  /** `outer` with this scope's span: the parent of what starts inside. */
  readonly inner: Context;
  readonly span: Span;
}

type Traced = MigrationCommandTrace | MigrationTrace | MigrationStatementTrace;

/** Subscribes to the migrations' tracing channels while it lives (until {@link close}). */
export class MigrationTracing {
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly spans = new WeakMap<object, Span>();
  private readonly open = new Set<Span>();
  private readonly agreements = new WeakMap<object, { span: Span | undefined; startedAt: number }>();
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    private readonly tracer: Tracer,
    private readonly captureQueryText: boolean,
    private readonly onError: (error: unknown) => void,
  ) {
    this.trace<MigrationCommandTrace>(CHANNELS.command, (m) => ({
      name: `migrate ${m.command}`,
      attributes: withNamespace({ [sc.ATTR_CQLKIT_MIGRATION_COMMAND]: m.command }, m.keyspace),
    }));
    this.trace<MigrationTrace>(CHANNELS.migration, (m) => ({
      name: `${m.direction === 'up' ? 'apply' : 'revert'} ${m.script}`,
      attributes: withNamespace(
        {
          [sc.ATTR_CQLKIT_MIGRATION_VERSION]: m.version,
          [sc.ATTR_CQLKIT_MIGRATION_SCRIPT]: m.script,
          [sc.ATTR_CQLKIT_MIGRATION_KIND]: m.kind,
          [sc.ATTR_CQLKIT_MIGRATION_DIRECTION]: m.direction,
          [sc.ATTR_CQLKIT_MIGRATION_STATEMENTS]: m.statements,
          [sc.ATTR_CQLKIT_MIGRATION_RESUME_FROM]: m.resumeFrom,
        },
        m.keyspace,
      ),
    }));
    this.trace<MigrationStatementTrace>(CHANNELS.statement, (m) => {
      const attributes: Attributes = {
        [sc.ATTR_CQLKIT_MIGRATION_VERSION]: m.version,
        [sc.ATTR_CQLKIT_MIGRATION_SCRIPT]: m.script,
        [sc.ATTR_CQLKIT_STATEMENT_NUMBER]: m.number,
        [sc.ATTR_CQLKIT_STATEMENT_LINE]: m.line,
        [sc.ATTR_CQLKIT_MIGRATION_DIRECTION]: m.direction,
      };
      if (this.captureQueryText) attributes[sc.ATTR_DB_QUERY_TEXT] = m.cql;
      return { name: `${m.script} [${m.number}/${m.total}]`, attributes };
    });
    this.watchAgreements();
  }

  /**
   * The parent of a span starting now: the active context, or the innermost migration span when
   * the active context is still the one its work started in.
   */
  parentContext(): Context {
    const active = context.active();
    const scope = this.scopes.getStore();
    return scope !== undefined && scope.outer === active ? scope.inner : active;
  }

  /** Unsubscribes and ends the spans of work still running. */
  close(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const span of this.open) span.end();
    this.open.clear();
  }

  /** Opens a span at each `start` (through the bound store), ends it at `asyncEnd`. */
  private trace<M extends Traced>(
    name: string,
    describe: (message: M) => { name: string; attributes: Attributes },
  ): void {
    const channel = diagnosticsChannel.tracingChannel<unknown, M>(name) as TracingChannel<Scope, M>;
    const transform = (message: M): Scope => {
      const parent = this.parentContext();
      let span: Span;
      try {
        const { name: spanName, attributes } = describe(message);
        span = this.tracer.startSpan(spanName, { kind: SpanKind.INTERNAL, attributes }, parent);
      } catch (e) {
        this.onError(e);
        span = trace.wrapSpanContext(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT);
      }
      this.spans.set(message, span);
      this.open.add(span);
      return { outer: context.active(), inner: trace.setSpan(parent, span), span };
    };
    const handlers = {
      start: noop,
      end: noop,
      asyncStart: noop,
      asyncEnd: (message: M): void => this.finish(message),
      error: (message: M): void => {
        const span = this.spans.get(message);
        if (span !== undefined) failed(span, message.error);
      },
    };
    channel.start.bindStore(this.scopes, transform);
    channel.subscribe(handlers);
    this.unsubscribers.push(() => {
      channel.unsubscribe(handlers);
      channel.start.unbindStore(this.scopes);
    });
  }

  private finish(message: object): void {
    const span = this.spans.get(message);
    if (span === undefined) return;
    this.spans.delete(message);
    this.open.delete(span);
    span.end();
  }

  /** Schema-agreement waits become events of the span they happen in. */
  private watchAgreements(): void {
    const channel = diagnosticsChannel.tracingChannel<unknown, SchemaAgreementTrace>(CHANNELS.agreement);
    const report = (message: SchemaAgreementTrace): void => {
      const wait = this.agreements.get(message);
      if (wait === undefined) return;
      this.agreements.delete(message);
      const attributes: Attributes = {
        [sc.ATTR_CQLKIT_AGREEMENT_CONTEXT]: message.context,
        [sc.ATTR_CQLKIT_AGREEMENT_WAIT]: Math.round((performance.now() - wait.startedAt) * 1000) / 1000,
        [sc.ATTR_CQLKIT_AGREEMENT_REACHED]: message.error === undefined,
      };
      if (message.error !== undefined) attributes[sc.ATTR_ERROR_TYPE] = errorName(message.error);
      wait.span?.addEvent('schema agreement', attributes);
    };
    const handlers = {
      start: (message: SchemaAgreementTrace): void => {
        this.agreements.set(message, {
          span: trace.getSpan(this.parentContext()),
          startedAt: performance.now(),
        });
      },
      end: noop,
      asyncStart: noop,
      asyncEnd: report,
      error: noop,
    };
    channel.subscribe(handlers);
    this.unsubscribers.push(() => channel.unsubscribe(handlers));
  }
}

function withNamespace(attributes: Attributes, keyspace: string | undefined): Attributes {
  attributes[sc.ATTR_DB_SYSTEM_NAME] = sc.DB_SYSTEM_CASSANDRA;
  if (keyspace !== undefined) attributes[sc.ATTR_DB_NAMESPACE] = keyspace;
  return attributes;
}

function failed(span: Span, error: unknown): void {
  span.setAttribute(sc.ATTR_ERROR_TYPE, errorName(error));
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}

function noop(): void {}
