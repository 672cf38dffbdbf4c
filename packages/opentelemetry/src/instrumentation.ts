/**
 * `CqlkitInstrumentation`: subscribes to the diagnostics channels of `@cqlkit/driver` (and of
 * `@cqlkit/migrations`) while enabled and turns their events into spans and metrics through the
 * OpenTelemetry API. It has the shape of an OpenTelemetry `Instrumentation`, so
 * `registerInstrumentations()` and the Node SDK accept it, but needs no module patching.
 *
 * @packageDocumentation
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { context, diag, metrics, trace, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { DIAGNOSTICS_CHANNELS, type Session, type SessionEvent } from '@cqlkit/driver';

import { PoolMetrics, requestInstruments } from './client-metrics';
import { MigrationTracing } from './migration-tracing';
import { RequestTelemetry } from './request-telemetry';

/** The instrumentation scope name of the tracer and the meter. */
export const INSTRUMENTATION_NAME = '@cqlkit/opentelemetry';
/** The version of this package (its package.json's), as the instrumentation scope's version. */
export const INSTRUMENTATION_VERSION: string = readVersion();
const SCOPE = [INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION] as const;

/**
 * Options of {@link CqlkitInstrumentation}.
 *
 * @example
 * ```ts
 * new CqlkitInstrumentation({ captureQueryText: false, attemptSpans: 'always' });
 * ```
 */
export interface CqlkitInstrumentationConfig {
  /**
   * Whether it is enabled. Set by `enable()`/`disable()`; `registerInstrumentations()` enables an
   * instrumentation whose config says `false`.
   */
  readonly enabled?: boolean;
  /** Spans (default `true`). */
  readonly traces?: boolean;
  /** Metrics (default `true`). */
  readonly metrics?: boolean;
  /**
   * Record the CQL text as `db.query.text` (default `true`: the conventions collect parameterized
   * text by default; turn it off when statements inline literal values that must not leave the
   * process).
   */
  readonly captureQueryText?: boolean;
  /**
   * When a request's attempts become child spans: `'when-several'` (default) only when it made
   * more than one attempt (a retry, a speculative execution, a re-preparation), `'always'` for
   * every request.
   */
  readonly attemptSpans?: 'when-several' | 'always';
}

/** What is subscribed while enabled. */
interface Subscriptions {
  readonly requests: RequestTelemetry;
  readonly pools: PoolMetrics | undefined;
  close(): void;
}

/**
 * OpenTelemetry spans and metrics for every cqlkit request, repository operation and migration.
 * Enable it once, before connecting (pool gauges cover the sessions connected while it is
 * enabled); it uses the global tracer and meter providers unless given others.
 *
 * @example
 * ```ts
 * import { CqlkitInstrumentation } from '@cqlkit/opentelemetry';
 *
 * const instrumentation = new CqlkitInstrumentation();
 * instrumentation.enable(); // or registerInstrumentations({ instrumentations: [instrumentation] })
 * const session = await cluster.connect('shop');
 * await session.execute('SELECT * FROM users WHERE id = ?', [id]); // a span "SELECT users"
 * instrumentation.disable();
 * ```
 */
export class CqlkitInstrumentation {
  readonly instrumentationName = INSTRUMENTATION_NAME;
  readonly instrumentationVersion = INSTRUMENTATION_VERSION;
  private config: CqlkitInstrumentationConfig;
  private tracerProvider: TracerProvider | undefined;
  private meterProvider: MeterProvider | undefined;
  private subscriptions: Subscriptions | undefined;
  /**
   * The sessions connected while enabled and not shut down yet, for the pool gauges: kept when
   * the providers or options change (the sessions are announced only once, at connect).
   */
  private readonly sessions = new Set<Session>();
  private readonly sessionConnected = (message: unknown): void => {
    this.sessions.add((message as SessionEvent).session);
  };
  private readonly sessionShutdown = (message: unknown): void => {
    this.sessions.delete((message as SessionEvent).session);
  };

  constructor(config: CqlkitInstrumentationConfig = {}) {
    this.config = { ...config, enabled: false };
  }

  /** Starts turning events into telemetry. Idempotent. */
  enable(): void {
    if (this.subscriptions !== undefined) return;
    diagnosticsChannel.subscribe(DIAGNOSTICS_CHANNELS.sessionConnect, this.sessionConnected);
    diagnosticsChannel.subscribe(DIAGNOSTICS_CHANNELS.sessionShutdown, this.sessionShutdown);
    this.subscriptions = this.subscribe();
  }

  /**
   * Stops; spans of requests still running are ended now, and the sessions connected so far are
   * forgotten (enabled again, the pool gauges cover the sessions connected from then on). Idempotent.
   */
  disable(): void {
    if (this.subscriptions === undefined) return;
    this.subscriptions.close();
    this.subscriptions = undefined;
    diagnosticsChannel.unsubscribe(DIAGNOSTICS_CHANNELS.sessionConnect, this.sessionConnected);
    diagnosticsChannel.unsubscribe(DIAGNOSTICS_CHANNELS.sessionShutdown, this.sessionShutdown);
    this.sessions.clear();
  }

  /** Uses `provider` for spans from now on (instead of the global one). */
  setTracerProvider(provider: TracerProvider): void {
    this.tracerProvider = provider;
    this.restart();
  }

  /** Uses `provider` for metrics from now on (instead of the global one). */
  setMeterProvider(provider: MeterProvider): void {
    this.meterProvider = provider;
    this.restart();
  }

  /** Replaces the options (`enabled` is ignored: use `enable()`/`disable()`). */
  setConfig(config: CqlkitInstrumentationConfig = {}): void {
    this.config = { ...config, enabled: false };
    this.restart();
  }

  getConfig(): CqlkitInstrumentationConfig {
    return { ...this.config, enabled: this.subscriptions !== undefined };
  }

  /** Requests started and not yet ended that have telemetry in progress (0 when disabled). */
  get openRequests(): number {
    return this.subscriptions?.requests.openRequests ?? 0;
  }

  /** Subscribes again with the new providers or options, keeping the sessions followed. */
  private restart(): void {
    if (this.subscriptions === undefined) return;
    this.subscriptions.close();
    this.subscriptions = this.subscribe();
  }

  private subscribe(): Subscriptions {
    const config = this.config;
    const tracer =
      config.traces === false
        ? undefined
        : (this.tracerProvider ?? trace.getTracerProvider()).getTracer(...SCOPE);
    const meter =
      config.metrics === false
        ? undefined
        : (this.meterProvider ?? metrics.getMeterProvider()).getMeter(...SCOPE);
    const captureQueryText = config.captureQueryText ?? true;
    const migrations = tracer ? new MigrationTracing(tracer, captureQueryText, reportError) : undefined;
    const requests = new RequestTelemetry(
      {
        tracer,
        instruments: meter ? requestInstruments(meter) : undefined,
        captureQueryText,
        attemptSpans: config.attemptSpans ?? 'when-several',
        parentContext: migrations ? () => migrations.parentContext() : () => context.active(),
      },
      reportError,
    );
    const pools = meter ? new PoolMetrics(meter, this.sessions) : undefined;
    const subscribed: [string, (message: unknown) => void][] = [
      [DIAGNOSTICS_CHANNELS.start, requests.start],
      [DIAGNOSTICS_CHANNELS.attempt, requests.attempt],
      [DIAGNOSTICS_CHANNELS.reprepare, requests.reprepare],
      [DIAGNOSTICS_CHANNELS.end, requests.end],
      [DIAGNOSTICS_CHANNELS.error, requests.end],
    ];
    for (const [name, handler] of subscribed) diagnosticsChannel.subscribe(name, handler);
    return {
      requests,
      pools,
      close: () => {
        for (const [name, handler] of subscribed) diagnosticsChannel.unsubscribe(name, handler);
        requests.abandon();
        migrations?.close();
        pools?.close();
      },
    };
  }
}

/**
 * The package.json sits one level above this module both in the sources (`src/`) and in the build
 * (`dist/`); a bundle without it reports `0.0.0`.
 */
function readVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      readonly name?: unknown;
      readonly version?: unknown;
    };
    if (manifest.name === INSTRUMENTATION_NAME && typeof manifest.version === 'string')
      return manifest.version;
  } catch {
    // no package.json next to the module (a bundle)
  }
  return '0.0.0';
}

function reportError(error: unknown): void {
  diag.error('@cqlkit/opentelemetry: an event could not be recorded', error);
}
