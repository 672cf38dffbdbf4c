/**
 * `@cqlkit/driver`: a CQL native-protocol driver for Apache Cassandra and ScyllaDB.
 *
 * @example
 * ```ts
 * import { Cluster, Consistency } from '@cqlkit/driver';
 *
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
 * await using session = await cluster.connect();
 * const rs = await session.execute('SELECT release_version FROM system.local', [], {
 *   consistency: Consistency.ONE,
 * });
 * console.log(rs.first()?.release_version);
 * ```
 * @module @cqlkit/driver
 * @packageDocumentation
 */
export { Cluster } from './cluster';
export { Session, type Row } from './session';
export type { SchemaAgreementOptions } from './session/schema-agreement-calls';
export { CachingSession } from './caching-session';
export type {
  ClusterOptions,
  ConnectOptions,
  ConnectionsPerHost,
  Credentials,
  ExecutionProfile,
  QueryOptions,
  ResolvedExecutionProfile,
  RowShape,
  StatementOptions,
} from './options';
export { checkOptionNames, optionNames, type OptionKeyList } from './option-names';
export { DEFAULT_EXECUTION_PROFILE } from './options';
export { Consistency, consistencyName, type ConsistencyName } from './consistency';
export * from './errors';
export { CqlIdentifier, cqlIdentifier, isReservedKeyword, qualifiedName } from './cql/cql-identifier';
export { Host, type HostDistance, type HostInit } from './cluster/host';
export type { HostStateListener } from './cluster/host-registry';
export type { HostPoolState } from './pool/host-pool';
export type { ClusterState, HostState } from './cluster/cluster-state';
export type { SchemaVersions } from './cluster/schema-agreement';
export { TokenMap, type TokenMapInit } from './routing/token-map';
export type { Tablet, TabletMapReplica } from './routing/tablet-map';
export type { TabletReplica } from './protocol/tablets-payload';
export type { ReplicationOptions, ReplicationStrategy } from './routing/replication-strategy';
export { composeRoutingKey } from './routing/murmur3-routing-key';
export { murmur3Token } from './routing/murmur3';
export {
  SchemaMetadata,
  KeyspaceMetadata,
  TableMetadata,
  ColumnMetadata,
  IndexMetadata,
  MaterializedViewMetadata,
  UserTypeMetadata,
  FunctionMetadata,
  AggregateMetadata,
  SchemaRowError,
  functionSignature,
  type SchemaRow,
  type SchemaRows,
  type SchemaCqlOptions,
  type SchemaScope,
  type ClusteringColumn,
  type ColumnLayout,
  type TableOptions,
  type ClusteringOrder,
  type ColumnKind,
  type ColumnMask,
  type IndexKind,
} from './cluster/metadata';
export { PreparedStatement } from './request/prepared-statement';
export { Statement } from './request/statement';
export { cloneExecutionProfile } from './request/execution-profiles';
export { ResultSet, type AllRowsOptions } from './request/result-set';
export type { BatchOptions, BatchStatement } from './request/batch-request';
export type { PrepareOptions } from './request/statement-preparer';
export type { Params } from './request/value-binder';
export type { ColumnSpec } from './protocol/messages/rows-metadata';
export type { CustomPayload } from './protocol/messages/request-message';
export type {
  FunctionSchemaChange,
  KeyspaceSchemaChange,
  SchemaChange,
  SchemaChangeType,
  TableOrTypeSchemaChange,
} from './protocol/messages/schema-change';
export type { CompressionAlgorithm } from './protocol/compression';
export type { ProtocolVersion } from './protocol/opcodes';
export { PlainTextAuthProvider, type AuthProvider, type Authenticator } from './connection/auth';
export type { TlsOptions } from './connection/connection-options';
export * from './types';
export * from './policies';
export * from './observability';
