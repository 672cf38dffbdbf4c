/**
 * The OpenTelemetry SDK set up for the instrumentation tests: an AsyncLocalStorage context
 * manager, a tracer provider exporting to memory (and counting started and ended spans), a meter
 * provider with a reader collected on demand (startMetrics), and the cqlkit instrumentation wired
 * to both.
 */
import { context, type Attributes, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { CqlkitInstrumentation, type CqlkitInstrumentationConfig } from '@cqlkit/opentelemetry';

/** A reader whose `collect()` the test calls. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Counts spans started and ended. */
class CountingProcessor implements SpanProcessor {
  started = 0;
  ended = 0;
  onStart(): void {
    this.started++;
  }
  onEnd(): void {
    this.ended++;
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A meter provider whose metrics a test reads when it wants. */
export interface Metrics {
  readonly meterProvider: MeterProvider;
  /** The data points of a metric, now. */
  points(name: string): Promise<DataPoint<number | Histogram>[]>;
}

/** A meter provider with a reader collected on demand. */
export function startMetrics(): Metrics {
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    points: async (name) => {
      const { resourceMetrics } = await reader.collect();
      const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      const metric = metrics.find((m) => m.descriptor.name === name);
      if (metric === undefined) return [];
      if (metric.dataPointType === DataPointType.HISTOGRAM) return metric.dataPoints;
      return metric.dataPoints as DataPoint<number>[];
    },
  };
}

export interface Telemetry extends Metrics {
  readonly instrumentation: CqlkitInstrumentation;
  /** A tracer of the same provider, for the tests' own (parent) spans. */
  readonly tracer: Tracer;
  readonly counts: { readonly started: number; readonly ended: number };
  /** Spans ended so far. */
  spans(): ReadableSpan[];
  /** Forgets the spans ended so far. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the SDK and enables the instrumentation. */
export function startTelemetry(config: CqlkitInstrumentationConfig = {}): Telemetry {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new InMemorySpanExporter();
  const counts = new CountingProcessor();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [counts, new SimpleSpanProcessor(exporter)],
  });
  const { meterProvider, points } = startMetrics();
  const instrumentation = new CqlkitInstrumentation(config);
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  instrumentation.enable();
  return {
    instrumentation,
    tracer: tracerProvider.getTracer('test'),
    counts,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    meterProvider,
    points,
    close: async () => {
      instrumentation.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
    },
  };
}

/** Sums a counter's points (or a histogram's counts) whose attributes include `where`. */
export function total(points: DataPoint<number | Histogram>[], where: Attributes = {}): number {
  let sum = 0;
  for (const p of points) {
    if (!Object.entries(where).every(([k, v]) => p.attributes[k] === v)) continue;
    sum += typeof p.value === 'number' ? p.value : p.value.count;
  }
  return sum;
}

/** The span's parent span id (undefined for a root span). */
export function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
