/**
 * Connections to Cassandra/ScyllaDB nodes: framing (v3/v4 envelopes, v5 segments), compression,
 * handshake, authentication, TLS, multiplexing, heartbeats.
 *
 * @example
 * ```ts
 * import { Connection, PlainTextAuthProvider } from './connection';
 *
 * await using connection = await Connection.open('127.0.0.1', 9042, {
 *   authProvider: new PlainTextAuthProvider('cassandra', 'cassandra'),
 * });
 * const frame = await connection.send(message);
 * ```
 * @packageDocumentation
 */

export { Connection } from './connection';
export type { Envelope } from '../protocol/envelope';
export type { ConnectionOptions, TlsOptions } from './connection-options';
export { PlainTextAuthProvider } from './auth';
export type { AuthProvider, Authenticator } from './auth';
export type { RequestMessage } from '../protocol/envelope';
export type { CompressionAlgorithm } from '../protocol/compression';
