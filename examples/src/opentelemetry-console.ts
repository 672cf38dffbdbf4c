/**
 * OpenTelemetry for cqlkit, exporting to the console: the SDK set up with a console span exporter
 * and a console metric exporter, the cqlkit instrumentation enabled, then one paged query whose
 * second page is retried. To show the retry, the example puts cqlkit's fault-injecting proxy
 * (`@cqlkit/driver/testing`) in front of the node and fails the first attempt of page 2 with a
 * read timeout (enough replicas answered, no data): the default retry policy tries again.
 *
 * Run it from the repository root (after `npm run build`):
 *
 *   npx tsx examples/src/opentelemetry-console.ts
 *
 * It uses the cluster of `CQLKIT_CONTACT_POINTS` (with `CQLKIT_USERNAME`, `CQLKIT_PASSWORD`), or
 * starts the local Cassandra of `npm run demo` and stops it afterwards.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Cluster, Consistency } from '@cqlkit/driver';
import { Condition, CqlProxy, Errors, Opcode, Reaction, rule } from '@cqlkit/driver/testing';
import { CqlkitInstrumentation } from '@cqlkit/opentelemetry';

import { acquireLocalCassandra } from './demo/local-cassandra';
import { targetFromEnvironment } from './demo/connection-target';

// 1. The OpenTelemetry SDK: context across awaits, spans and metrics to the console.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
const metricReader = new PeriodicExportingMetricReader({
  exporter: new ConsoleMetricExporter(),
  exportIntervalMillis: 60_000,
});
const meterProvider = new MeterProvider({ readers: [metricReader] });

// 2. The cqlkit instrumentation, before connecting.
const instrumentation = new CqlkitInstrumentation();
instrumentation.setMeterProvider(meterProvider);
instrumentation.enable();

async function main(): Promise<void> {
  const local = targetFromEnvironment() === undefined ? await acquireLocalCassandra(console.log) : undefined;
  const target = local?.target ?? targetFromEnvironment()!;
  const [address, port] = target.contactPoints[0]!.split(':');
  // 3. A fault-injecting proxy in front of the node (plain TCP), failing page 2's first attempt.
  const proxy = await CqlProxy.start({
    nodes: [
      { listen: { host: '127.0.1.1', port: 0 }, target: { host: address!, port: Number(port ?? 9042) } },
    ],
  });
  const cluster = new Cluster({
    contactPoints: proxy.contactPoints(),
    addressTranslator: proxy.addressTranslator(),
    localDataCenter: target.localDataCenter,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    defaultProfile: { consistency: Consistency.LOCAL_ONE },
  });
  try {
    const session = await cluster.connect();
    proxy.nodes[0]!.setRequestRules([
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('system_schema.columns')).nthMatch(2),
        Reaction.forgeError(
          Errors.readTimeout({
            consistency: Consistency.LOCAL_ONE,
            received: 1,
            blockFor: 1,
            dataPresent: false,
          }),
        ),
      ),
    ]);
    // 4. A request inside a span of the application: its spans are children of it.
    const tracer = trace.getTracer('example');
    await tracer.startActiveSpan('list columns', async (span) => {
      let columns = 0;
      const rows = session.iterate(
        "SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'system'",
        [],
        {
          pageSize: 50,
          idempotent: true,
        },
      );
      for await (const row of rows) columns += row.column_name ? 1 : 0;
      span.setAttribute('columns', columns);
      span.end();
    });
    // 5. Metrics: exported while the session is open (its pool gauges with it).
    await metricReader.forceFlush();
  } finally {
    await cluster.shutdown();
    await proxy.close();
    instrumentation.disable();
    await tracerProvider.shutdown();
    await local?.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
