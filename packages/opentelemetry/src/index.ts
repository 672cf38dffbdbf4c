/**
 * `@cqlkit/opentelemetry`: OpenTelemetry spans and metrics for cqlkit, from the driver's
 * `diagnostics_channel` events (no monkey-patching). One CLIENT span per request following the
 * database semantic conventions, child spans for retries, speculative executions and
 * re-preparations, page fetches under the first page, repository operations named after their
 * entity, migrations as spans; `db.client.operation.duration` and pool, retry and error metrics.
 *
 * @example
 * ```ts
 * import { CqlkitInstrumentation } from '@cqlkit/opentelemetry';
 * new CqlkitInstrumentation().enable();
 * ```
 * @module @cqlkit/opentelemetry
 * @packageDocumentation
 */
export {
  CqlkitInstrumentation,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
  type CqlkitInstrumentationConfig,
} from './instrumentation';
export { summarizeCql, type CqlSummary } from './cql-summary';
export { SEMCONV_VERSION } from './semconv';
