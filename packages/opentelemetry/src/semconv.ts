/**
 * The attribute and metric names this package emits: OpenTelemetry semantic conventions for
 * database clients (v1.33.0 and later, where `db.*`, `error.type` and `server.*` are stable; the
 * `cassandra.*` attributes are still "development" there) and cqlkit's own `cqlkit.*` names for
 * what the conventions do not cover. Names only: no telemetry logic lives here.
 *
 * @packageDocumentation
 */
import { consistencyName } from '@cqlkit/driver';

/** The version of the semantic conventions followed. */
export const SEMCONV_VERSION = '1.33.0';

// Stable database client attributes.
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
export const ATTR_DB_NAMESPACE = 'db.namespace';
export const ATTR_DB_COLLECTION_NAME = 'db.collection.name';
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
export const ATTR_DB_OPERATION_BATCH_SIZE = 'db.operation.batch.size';
export const ATTR_DB_QUERY_SUMMARY = 'db.query.summary';
export const ATTR_DB_QUERY_TEXT = 'db.query.text';
export const ATTR_DB_RESPONSE_STATUS_CODE = 'db.response.status_code';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';

// Cassandra attributes (development).
export const ATTR_CASSANDRA_CONSISTENCY_LEVEL = 'cassandra.consistency.level';
export const ATTR_CASSANDRA_COORDINATOR_DC = 'cassandra.coordinator.dc';
export const ATTR_CASSANDRA_COORDINATOR_ID = 'cassandra.coordinator.id';
export const ATTR_CASSANDRA_PAGE_SIZE = 'cassandra.page.size';
export const ATTR_CASSANDRA_QUERY_IDEMPOTENT = 'cassandra.query.idempotent';
export const ATTR_CASSANDRA_SPECULATIVE_EXECUTION_COUNT = 'cassandra.speculative_execution.count';

// Connection-pool attributes (development).
export const ATTR_DB_CLIENT_CONNECTION_POOL_NAME = 'db.client.connection.pool.name';
export const ATTR_DB_CLIENT_CONNECTION_STATE = 'db.client.connection.state';

/** `db.system.name` of every span and metric. */
export const DB_SYSTEM_CASSANDRA = 'cassandra';

// cqlkit's own attributes.
export const ATTR_CQLKIT_REQUEST_KIND = 'cqlkit.request.kind';
export const ATTR_CQLKIT_REQUEST_ATTEMPTS = 'cqlkit.request.attempts';
export const ATTR_CQLKIT_ERROR_CODE = 'cqlkit.error.code';
export const ATTR_CQLKIT_PAGE_NUMBER = 'cqlkit.page.number';
export const ATTR_CQLKIT_ATTEMPT_NUMBER = 'cqlkit.attempt.number';
export const ATTR_CQLKIT_ATTEMPT_EXECUTION = 'cqlkit.attempt.execution';
export const ATTR_CQLKIT_ATTEMPT_SPECULATIVE = 'cqlkit.attempt.speculative';
export const ATTR_CQLKIT_ATTEMPT_OUTCOME = 'cqlkit.attempt.outcome';
export const ATTR_CQLKIT_MIGRATION_COMMAND = 'cqlkit.migration.command';
export const ATTR_CQLKIT_MIGRATION_VERSION = 'cqlkit.migration.version';
export const ATTR_CQLKIT_MIGRATION_SCRIPT = 'cqlkit.migration.script';
export const ATTR_CQLKIT_MIGRATION_KIND = 'cqlkit.migration.kind';
export const ATTR_CQLKIT_MIGRATION_DIRECTION = 'cqlkit.migration.direction';
export const ATTR_CQLKIT_MIGRATION_STATEMENTS = 'cqlkit.migration.statements';
export const ATTR_CQLKIT_MIGRATION_RESUME_FROM = 'cqlkit.migration.resume_from';
export const ATTR_CQLKIT_STATEMENT_NUMBER = 'cqlkit.migration.statement.number';
export const ATTR_CQLKIT_STATEMENT_LINE = 'cqlkit.migration.statement.line';
export const ATTR_CQLKIT_AGREEMENT_CONTEXT = 'cqlkit.schema_agreement.context';
export const ATTR_CQLKIT_AGREEMENT_WAIT = 'cqlkit.schema_agreement.wait_ms';
export const ATTR_CQLKIT_AGREEMENT_REACHED = 'cqlkit.schema_agreement.reached';

// Metrics.
export const METRIC_DB_CLIENT_OPERATION_DURATION = 'db.client.operation.duration';
export const METRIC_DB_CLIENT_CONNECTION_COUNT = 'db.client.connection.count';
export const METRIC_CQLKIT_RETRIES = 'cqlkit.request.retries';
export const METRIC_CQLKIT_SPECULATIVE_EXECUTIONS = 'cqlkit.request.speculative_executions';
export const METRIC_CQLKIT_ERRORS = 'cqlkit.request.errors';
export const METRIC_CQLKIT_POOL_IN_FLIGHT = 'cqlkit.pool.in_flight';
export const METRIC_CQLKIT_POOL_SATURATION = 'cqlkit.pool.saturation';

/** The bucket boundaries the conventions advise for `db.client.operation.duration` (seconds). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** `cassandra.consistency.level` of a consistency code: `local_quorum`, `one`… */
export function consistencyLevel(code: number): string {
  return consistencyName(code).toLowerCase();
}
