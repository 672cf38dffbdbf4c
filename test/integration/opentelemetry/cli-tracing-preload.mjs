// Preloaded into a `cqlkit-migrate` child process by mapper-migrations-spans.test.ts
// (NODE_OPTIONS=--import=…): sets up the OpenTelemetry SDK with an exporter that appends each
// ended span as one JSON line to $CQLKIT_TEST_SPANS_FILE, and enables the cqlkit instrumentation.
// This is how an application traces the CLI: no flag of the CLI is involved.
import { appendFileSync } from 'node:fs';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CqlkitInstrumentation } from '@cqlkit/opentelemetry';

const file = process.env.CQLKIT_TEST_SPANS_FILE;
if (!file) throw new Error('CQLKIT_TEST_SPANS_FILE is not set');

const exporter = {
  export(spans, done) {
    for (const s of spans) {
      const line = {
        name: s.name,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentId: s.parentSpanContext?.spanId,
        attributes: s.attributes,
        events: s.events.map((e) => e.name),
      };
      appendFileSync(file, JSON.stringify(line) + '\n');
    }
    done({ code: 0 });
  },
  async shutdown() {},
};

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
new CqlkitInstrumentation({ metrics: false }).enable();
