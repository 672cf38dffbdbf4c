/**
 * `@cqlkit/driver/testing`: a fault-injecting CQL proxy for testing how an application (or the
 * driver) behaves when nodes time out, fail, stall, drop requests or close connections.
 *
 * Start a {@link CqlProxy} in front of the real nodes, point the driver at it, then give each
 * proxy node ordered rules — a {@link Condition} and a {@link Reaction} — for the frames the
 * driver sends (request rules) and the frames the node answers (response rules).
 *
 * @example
 * ```ts
 * import { Cluster, Consistency, WriteTimeoutError } from '@cqlkit/driver';
 * import { Condition, CqlProxy, Errors, Opcode, Reaction, rule } from '@cqlkit/driver/testing';
 *
 * it('surfaces a write timeout', async () => {
 *   await using proxy = await CqlProxy.start({
 *     nodes: [{ target: { host: '127.0.0.1', port: 9042 } }],
 *   });
 *   proxy.nodes[0].setRequestRules([
 *     rule(
 *       Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('INSERT INTO ks.orders')),
 *       Reaction.forgeError(
 *         Errors.writeTimeout({ consistency: Consistency.QUORUM, received: 1, blockFor: 2, writeType: 'SIMPLE' }),
 *       ),
 *     ),
 *   ]);
 *   await using cluster = new Cluster({
 *     contactPoints: proxy.contactPoints(),
 *     addressTranslator: proxy.addressTranslator(),
 *   });
 *   const session = await cluster.connect();
 *   await expect(session.execute("INSERT INTO ks.orders (id) VALUES (1)")).rejects.toBeInstanceOf(
 *     WriteTimeoutError,
 *   );
 * });
 * ```
 * @module @cqlkit/driver/testing
 * @packageDocumentation
 */

export { CqlProxy, type CqlProxyOptions } from './cql-proxy';
export { ProxyNode, type ProxyEndpoint, type ProxyNodeOptions } from './proxy-node';
export { ProxyConnection } from './proxy-connection';
export { Condition, type BodyContainsOptions, type ProbabilityOptions } from './condition';
export { Reaction, type DelayOption, type ForgedResponse } from './reaction';
export { rule, type ProxyRule } from './proxy-rule';
export {
  Errors,
  ForgedError,
  type AlreadyExistsInit,
  type ForgedErrorMessage,
  type FunctionFailureInit,
  type ReadFailureInit,
  type ReadTimeoutInit,
  type ReplicaCountsInit,
  type ReplicaFailuresInit,
  type UnavailableInit,
  type UnpreparedInit,
  type WriteFailureInit,
  type WriteTimeoutInit,
} from './forged-errors';
export { FeedbackQueue, type FeedbackSink, type ProxyFeedback, type ReactionKind } from './feedback';
export { requestStatementId, type FrameDirection, type ProxiedFrame } from './proxied-frame';
export { SeededRandom } from './seeded-random';
export { EnvelopeFlag, Opcode } from '../protocol/opcodes';
export {
  ScyllaSimulator,
  type ScyllaSimulatorOptions,
  type SimulatedNodeOptions,
  type SimulatedTlsOptions,
  type TabletSplitOptions,
} from './scylla-simulator';
export { SimulatedNode, type SimulatedNodePorts } from './scylla-sim-node';
export type {
  SimulatedPort,
  SimulatedReplica,
  SimulatedRequest,
  SimulatedRequestFilter,
  SimulatedTablet,
} from './scylla-sim-model';
export {
  LWT_MARK,
  RATE_LIMIT_ERROR_CODE,
  type RateLimitRule,
  type SimulatedExtensions,
} from './scylla-sim-connection';
