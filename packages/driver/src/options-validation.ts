/**
 * Validation of every option, once, where it enters the driver: the Cluster's (the constructor),
 * the connections' (`resolveConnectionOptions`), execution profiles' and single requests'. Invalid
 * options raise {@link InvalidOptionsError} naming the option and what was expected, before
 * anything is sent. Never holds defaults (they are in `options.ts`).
 *
 * @packageDocumentation
 */
import { isSerialConsistency } from './consistency';
import { InvalidOptionsError } from './errors';
import { checkOptionNames, OPTION_NAMES } from './option-names';
import {
  DEFAULTS,
  type ClusterOptions,
  type ConnectOptions,
  type ExecutionProfile,
  type QueryOptions,
  type StatementOptions,
} from './options';
import type { BatchOptions } from './request/batch-request';
import type { PrepareOptions } from './request/statement-preparer';

const INT64_AS = ['long', 'bigint'] as const;
const SETS_AS = ['array', 'set'] as const;
const ROW_SHAPES = ['object', 'array'] as const;

/** Parsed contact point. @internal */
export interface ContactPoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Validates the cluster options and parses the contact points. The connection options among them
 * (protocol version, compression, timeouts, socket, TLS) are validated by
 * `resolveConnectionOptions`, which `resolveClusterOptions` calls next.
 *
 * @throws InvalidOptionsError naming the option and what was expected.
 * @internal
 */
export function validateClusterOptions(options: ClusterOptions): ContactPoint[] {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError(
      'new Cluster(options): options must be an object with at least contactPoints',
    );
  }
  checkOptionNames('option', options, OPTION_NAMES.cluster);
  checkNested('socket', options.socket, OPTION_NAMES.socket);
  checkNested('credentials', options.credentials, OPTION_NAMES.credentials);
  checkNested('connectionsPerHost', options.connectionsPerHost, OPTION_NAMES.connectionsPerHost);
  checkNested('tls', options.tls, OPTION_NAMES.tls);
  const port = options.port ?? DEFAULTS.port;
  checkPort('port', port);
  if (!Array.isArray(options.contactPoints) || options.contactPoints.length === 0) {
    throw new InvalidOptionsError(
      "option 'contactPoints' must be a non-empty array of 'host' or 'host:port' strings, e.g. ['127.0.0.1']",
    );
  }
  const points = options.contactPoints.map((cp, i) => parseContactPoint(cp, port, i));
  if (options.credentials !== undefined) {
    const c = options.credentials;
    if (typeof c !== 'object' || typeof c.username !== 'string' || typeof c.password !== 'string') {
      throw new InvalidOptionsError("option 'credentials' must be { username: string, password: string }");
    }
    if (options.authProvider !== undefined) {
      throw new InvalidOptionsError(
        "options 'credentials' and 'authProvider' are exclusive; give one of them",
      );
    }
  }
  checkConnectionsPerHost(options.connectionsPerHost);
  checkInteger('maxRequestsPerConnection', options.maxRequestsPerConnection, 1, DEFAULTS.maxStreams);
  checkInteger('connectionsPerShard', options.connectionsPerShard, 1, 64);
  checkInteger('preparedCacheSize', options.preparedCacheSize, 1, 1_000_000);
  checkOneOf('int64As', options.int64As, INT64_AS);
  checkOneOf('setsAs', options.setsAs, SETS_AS);
  if (options.defaultProfile !== undefined) validateProfile('defaultProfile', options.defaultProfile);
  if (options.executionProfiles !== undefined) {
    if (options.executionProfiles === null || typeof options.executionProfiles !== 'object') {
      throw new InvalidOptionsError(
        "option 'executionProfiles' must map profile names to ExecutionProfile objects",
      );
    }
    for (const [name, profile] of Object.entries(options.executionProfiles)) {
      validateProfile(`executionProfiles.${name}`, profile);
    }
  }
  const ts = options.timestampGenerator;
  if (ts !== undefined && ts !== false && typeof ts !== 'function') {
    checkPolicy('timestampGenerator', ts, ['next']);
  }
  if (options.metrics !== undefined && typeof options.metrics !== 'boolean') {
    throw new InvalidOptionsError(`option 'metrics' must be a boolean, got ${String(options.metrics)}`);
  }
  if (
    options.requestTracker !== undefined &&
    (options.requestTracker === null || typeof options.requestTracker !== 'object')
  ) {
    throw new InvalidOptionsError("option 'requestTracker' must be an object with onSuccess/onError methods");
  }
  validateClusterAwarenessOptions(options);
  return points;
}

/** Options of the control connection, metadata, schema agreement and policies. */
function validateClusterAwarenessOptions(options: ClusterOptions): void {
  checkPolicy('loadBalancingPolicy', options.loadBalancingPolicy, ['init', 'distance', 'newQueryPlan']);
  checkPolicy('reconnectionPolicy', options.reconnectionPolicy, ['newSchedule']);
  checkPolicy('convictionPolicy', options.convictionPolicy, ['addFailure', 'reset']);
  checkPolicy('addressTranslator', options.addressTranslator, ['translate']);
  checkPolicy('logger', options.logger, ['warn']);
  if (options.controlConnectionTimeoutMs !== undefined) {
    const v = options.controlConnectionTimeoutMs;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new InvalidOptionsError(
        `option 'controlConnectionTimeoutMs' must be a positive number of milliseconds, got ${String(v)}`,
      );
    }
  }
  for (const name of [
    'schemaEventRefreshWindowMs',
    'topologyEventRefreshWindowMs',
    'statusEventRefreshWindowMs',
    'maxSchemaAgreementWaitMs',
  ] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new InvalidOptionsError(
        `option '${name}' must be a finite number of milliseconds (0 or less: off), got ${String(v)}`,
      );
    }
  }
  for (const name of [
    'schemaMetadataEnabled',
    'tokenMetadataEnabled',
    'prepareOnAllHosts',
    'reprepareOnUp',
    'shardAwareness',
  ] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new InvalidOptionsError(`option '${name}' must be true or false, got ${String(v)}`);
    }
  }
}

/** Validates the options of `Cluster.connect()`. @internal */
export function validateConnectOptions(options: ConnectOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('connect(keyspace, options): options must be an object');
  }
  checkOptionNames('connect() option', options, OPTION_NAMES.connect);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidOptionsError("connect() option 'signal' must be an AbortSignal");
  }
  if (options.waitForAllPools !== undefined && typeof options.waitForAllPools !== 'boolean') {
    throw new InvalidOptionsError(
      `connect() option 'waitForAllPools' must be true or false, got ${String(options.waitForAllPools)}`,
    );
  }
}

/** Validates the `timeoutMs` of `awaitSchemaAgreement()` (Cluster or Session). @internal */
export function validateAgreementTimeout(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionsError(
      `awaitSchemaAgreement(): option 'timeoutMs' must be a positive number of milliseconds, got ${String(timeoutMs)}`,
    );
  }
  return timeoutMs;
}

function checkConnectionsPerHost(v: ClusterOptions['connectionsPerHost']): void {
  if (v === undefined || typeof v === 'number') {
    checkInteger('connectionsPerHost', v, 1, 64);
    return;
  }
  if (v === null || typeof v !== 'object') {
    throw new InvalidOptionsError(
      `option 'connectionsPerHost' must be a number or { local?, remote? }, got ${String(v)}`,
    );
  }
  checkInteger('connectionsPerHost.local', v.local, 1, 64);
  checkInteger('connectionsPerHost.remote', v.remote, 1, 64);
}

function checkPolicy(name: string, policy: object | undefined, methods: readonly string[]): void {
  if (policy === undefined) return;
  const missing =
    policy === null || typeof policy !== 'object'
      ? methods
      : methods.filter((m) => typeof (policy as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new InvalidOptionsError(
      `option '${name}' must be an object with method(s) ${methods.join(', ')}; missing ${missing.join(', ')}`,
    );
  }
}

/** Validates an execution profile: its option names, then its values. @internal */
export function validateProfile(where: string, p: ExecutionProfile): void {
  checkOptionNames('option', p, OPTION_NAMES.profile, `${where}.`);
  validateProfileValues(where, p);
}

/** The values of the profile fields of a profile or of request options. */
function validateProfileValues(where: string, p: ExecutionProfile): void {
  // This runs for every request given options: each check runs only for a field that is set, so
  // the option names (`${where}.…`) are not built for absent ones (~0.3 KB per request).
  if (p.consistency !== undefined) checkConsistency(`${where}.consistency`, p.consistency);
  if (p.serialConsistency !== undefined) {
    checkConsistency(`${where}.serialConsistency`, p.serialConsistency);
    if (!isSerialConsistency(p.serialConsistency)) {
      throw new InvalidOptionsError(
        `option '${where}.serialConsistency' must be Consistency.SERIAL or Consistency.LOCAL_SERIAL, got ${p.serialConsistency}`,
      );
    }
  }
  if (p.requestTimeoutMs !== undefined) checkNonNegative(`${where}.requestTimeoutMs`, p.requestTimeoutMs);
  if (p.pageSize !== undefined) checkInteger(`${where}.pageSize`, p.pageSize, 1, 2 ** 31 - 1);
  if (p.loadBalancingPolicy !== undefined) {
    checkPolicy(`${where}.loadBalancingPolicy`, p.loadBalancingPolicy, LOAD_BALANCING_METHODS);
  }
  if (p.retryPolicy !== undefined) checkPolicy(`${where}.retryPolicy`, p.retryPolicy, RETRY_METHODS);
  if (p.speculativeExecutionPolicy !== undefined) {
    checkPolicy(`${where}.speculativeExecutionPolicy`, p.speculativeExecutionPolicy, SPECULATIVE_METHODS);
  }
  if (p.rowShape !== undefined) checkOneOf(`${where}.rowShape`, p.rowShape, ROW_SHAPES);
}

const LOAD_BALANCING_METHODS: readonly string[] = ['init', 'distance', 'newQueryPlan'];
const RETRY_METHODS: readonly string[] = [
  'onReadTimeout',
  'onWriteTimeout',
  'onUnavailable',
  'onRequestError',
];
const SPECULATIVE_METHODS: readonly string[] = ['newPlan'];

/**
 * Validates per-request options (on the request path: the name check is one `Set.has` per key).
 *
 * @internal
 */
export function validateQueryOptions(o: QueryOptions): void {
  if (o === null || typeof o !== 'object') throw new InvalidOptionsError('request options must be an object');
  checkOptionNames('request option', o, OPTION_NAMES.request);
  validateRequestValues(o);
}

/** Validates the settings of a statement (`Statement`, `PreparedStatement.withDefaults`). @internal */
export function validateStatementOptions(o: StatementOptions, what = 'statement option'): void {
  if (o === null || typeof o !== 'object') throw new InvalidOptionsError(`${what}s must be an object`);
  checkOptionNames(what, o, OPTION_NAMES.statement);
  validateRequestValues(o);
}

/** Validates the options of `session.batch()`. @internal */
export function validateBatchOptions(o: BatchOptions & { prepare?: boolean }): void {
  if (o === null || typeof o !== 'object') throw new InvalidOptionsError('batch options must be an object');
  checkOptionNames('batch option', o, OPTION_NAMES.batch);
  validateRequestValues(o);
}

/** Validates the options of `session.prepare()`. @internal */
export function validatePrepareOptions(o: PrepareOptions): void {
  if (o === null || typeof o !== 'object') throw new InvalidOptionsError('prepare options must be an object');
  checkOptionNames('prepare option', o, OPTION_NAMES.prepare);
  checkNonNegative('timeoutMs', o.timeoutMs);
  if (o.keyspace !== undefined && (typeof o.keyspace !== 'string' || o.keyspace === '')) {
    throw new InvalidOptionsError("prepare option 'keyspace' must be a non-empty string");
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new InvalidOptionsError("option 'signal' must be an AbortSignal");
  }
}

function validateRequestValues(o: QueryOptions): void {
  validateProfileValues('options', o);
  if (o.executionProfile !== undefined && typeof o.executionProfile !== 'string') {
    validateProfile('options.executionProfile', o.executionProfile);
  }
  checkNonNegative('options.timeoutMs', o.timeoutMs);
  if (o.pagingState != null && !(o.pagingState instanceof Uint8Array)) {
    throw new InvalidOptionsError(
      "option 'pagingState' must be the Buffer returned by ResultSet.pagingState (null or undefined: the first page)",
    );
  }
  if (o.nowInSeconds !== undefined && (!Number.isInteger(o.nowInSeconds) || o.nowInSeconds < 0)) {
    throw new InvalidOptionsError(
      `option 'nowInSeconds' must be a non-negative integer, got ${o.nowInSeconds}`,
    );
  }
  if (o.timestamp !== undefined && typeof o.timestamp !== 'bigint' && !Number.isSafeInteger(o.timestamp)) {
    throw new InvalidOptionsError(
      `option 'timestamp' must be microseconds since the epoch as a bigint or safe integer, got ${String(o.timestamp)}`,
    );
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new InvalidOptionsError("option 'signal' must be an AbortSignal");
  }
  if (o.routingKey !== undefined) checkRoutingKey(o.routingKey);
  if (o.summary !== undefined && typeof o.summary !== 'string') {
    throw new InvalidOptionsError(`option 'summary' must be a string, got ${typeof o.summary}`);
  }
}

/** Checks the option names of a nested options object (unset or not an object: nothing to check). */
function checkNested(name: string, value: unknown, known: ReadonlySet<string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    checkOptionNames('option', value, known, `${name}.`);
  }
}

function checkRoutingKey(key: unknown): void {
  const parts = Array.isArray(key) ? key : [key];
  if (parts.length === 0 || !parts.every((p) => p instanceof Uint8Array)) {
    throw new InvalidOptionsError(
      "option 'routingKey' must be a Buffer/Uint8Array (the serialized partition key) or a non-empty array of them (the components of a composite key)",
    );
  }
  if (parts.length > 1 && parts.some((p: Uint8Array) => p.length > 0xffff)) {
    throw new InvalidOptionsError(
      "option 'routingKey': a component of a composite partition key holds at most 65535 bytes",
    );
  }
}

function parseContactPoint(cp: unknown, defaultPort: number, index: number): ContactPoint {
  if (typeof cp !== 'string' || cp.trim() === '') {
    throw new InvalidOptionsError(`contactPoints[${index}] must be a non-empty 'host' or 'host:port' string`);
  }
  const s = cp.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return withPort(bracketed[1] as string, bracketed[2], defaultPort, index);
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = s.split(':') as [string, string];
    return withPort(host, port, defaultPort, index);
  }
  return { host: s, port: defaultPort }; // a bare IPv6 address or a host name
}

function withPort(host: string, port: string | undefined, defaultPort: number, index: number): ContactPoint {
  if (port === undefined) return { host, port: defaultPort };
  const n = Number(port);
  checkPort(`contactPoints[${index}] port`, n);
  return { host, port: n };
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidOptionsError(`option '${name}' must be an integer port 1-65535, got ${String(port)}`);
  }
}

/**
 * Checks an integer option (unset is fine): from `min` to `max`, `what` naming its unit.
 *
 * @internal
 */
export function checkInteger(
  name: string,
  v: number | undefined,
  min: number,
  max = Infinity,
  what = '',
): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionsError(`option '${name}' must be an integer ${range}${what}, got ${String(v)}`);
  }
}

/** Checks an option that must be one of `allowed` (unset is fine). @internal */
export function checkOneOf<T>(name: string, v: T | undefined, allowed: readonly T[]): void {
  if (v === undefined || allowed.includes(v)) return;
  const names = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a)));
  const list = `${names.slice(0, -1).join(', ')} or ${names.at(-1) as string}`;
  throw new InvalidOptionsError(`option '${name}' must be ${list}, got ${String(v)}`);
}

function checkNonNegative(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InvalidOptionsError(
      `option '${name}' must be a non-negative number of milliseconds, got ${String(v)}`,
    );
  }
}

function checkConsistency(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 0 || v > 0x0a) {
    throw new InvalidOptionsError(
      `option '${name}' must be a Consistency value (e.g. Consistency.QUORUM), got ${String(v)}`,
    );
  }
}
