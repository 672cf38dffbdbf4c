/**
 * Which option names exist: the known keys of every options object the driver accepts (cluster,
 * socket, credentials, TLS, execution profile, request, batch, prepare, connect, trace), the names
 * other drivers use for them, and the check that turns an unknown key into an
 * {@link InvalidOptionsError} naming the nearest valid one. TypeScript catches unknown keys in
 * object literals; this catches them for JavaScript callers and options built in variables.
 * Never holds the validation of option values (`options-validation.ts`) nor defaults (`options.ts`).
 *
 * @packageDocumentation
 */
import type { TlsOptions } from './connection/connection-options';
import { InvalidOptionsError } from './errors';
import type { TraceFetchOptions } from './observability/query-trace';
import type {
  ClusterOptions,
  ConnectOptions,
  ConnectionsPerHost,
  Credentials,
  ExecutionProfile,
  QueryOptions,
  StatementOptions,
} from './options';
import type { BatchOptions } from './request/batch-request';
import type { PrepareOptions } from './request/statement-preparer';
import type { SchemaAgreementOptions } from './session/schema-agreement-calls';

/**
 * Every key of the options type `T`, listed once: the compiler refuses a missing or an extra key,
 * so the list of names {@link checkOptionNames} accepts follows the type. For libraries built on
 * the driver, with {@link optionNames}.
 */
export type OptionKeyList<T> = { readonly [K in keyof Required<T>]: true };

/**
 * The option names of a {@link OptionKeyList}, as {@link checkOptionNames} takes them.
 *
 * @example
 * ```ts
 * interface WidgetOptions { color?: string; size?: number }
 * const WIDGET = optionNames<WidgetOptions>({ color: true, size: true });
 * checkOptionNames('widget option', { colour: 'red' }, WIDGET); // did you mean 'color'?
 * ```
 */
export function optionNames<T>(list: OptionKeyList<T>): ReadonlySet<string> {
  return new Set(Object.keys(list));
}

const PROFILE_KEYS: OptionKeyList<ExecutionProfile> = {
  consistency: true,
  serialConsistency: true,
  requestTimeoutMs: true,
  rowShape: true,
  pageSize: true,
  loadBalancingPolicy: true,
  retryPolicy: true,
  speculativeExecutionPolicy: true,
};

const STATEMENT_KEYS: OptionKeyList<StatementOptions> = {
  consistency: true,
  serialConsistency: true,
  pageSize: true,
  paging: true,
  timestamp: true,
  idempotent: true,
  tracing: true,
  customPayload: true,
  keyspace: true,
  routingKey: true,
  nowInSeconds: true,
  timeoutMs: true,
  prepare: true,
  hints: true,
  rowShape: true,
  executionProfile: true,
  summary: true,
};

const QUERY_KEYS: OptionKeyList<QueryOptions> = { ...STATEMENT_KEYS, pagingState: true, signal: true };

/** A batch has no paging and no hints of its own (each statement carries its own hints). */
const { pageSize: _pageSize, paging: _paging, hints: _hints, ...BATCH_STATEMENT_KEYS } = STATEMENT_KEYS;

const BATCH_KEYS: OptionKeyList<BatchOptions & { prepare?: boolean }> = {
  ...BATCH_STATEMENT_KEYS,
  signal: true,
  type: true,
};

const CLUSTER_KEYS: OptionKeyList<ClusterOptions> = {
  contactPoints: true,
  port: true,
  localDataCenter: true,
  protocolVersion: true,
  compression: true,
  authProvider: true,
  credentials: true,
  tls: true,
  connectTimeoutMs: true,
  heartbeatIntervalMs: true,
  socket: true,
  connectionsPerHost: true,
  connectionsPerShard: true,
  shardAwareness: true,
  maxRequestsPerConnection: true,
  defaultProfile: true,
  int64As: true,
  setsAs: true,
  preparedCacheSize: true,
  startupOptions: true,
  executionProfiles: true,
  timestampGenerator: true,
  metrics: true,
  requestTracker: true,
  loadBalancingPolicy: true,
  reconnectionPolicy: true,
  convictionPolicy: true,
  addressTranslator: true,
  controlConnectionTimeoutMs: true,
  schemaEventRefreshWindowMs: true,
  topologyEventRefreshWindowMs: true,
  statusEventRefreshWindowMs: true,
  schemaMetadataEnabled: true,
  tokenMetadataEnabled: true,
  maxSchemaAgreementWaitMs: true,
  prepareOnAllHosts: true,
  reprepareOnUp: true,
  logger: true,
};

const SOCKET_KEYS: OptionKeyList<NonNullable<ClusterOptions['socket']>> = {
  noDelay: true,
  keepAlive: true,
  keepAliveDelayMs: true,
};

const TLS_KEYS: OptionKeyList<TlsOptions> = {
  ca: true,
  cert: true,
  key: true,
  pfx: true,
  passphrase: true,
  servername: true,
  checkServerIdentity: true,
  rejectUnauthorized: true,
  minVersion: true,
  maxVersion: true,
  ciphers: true,
};

/** The known option names of each options object. @internal */
export const OPTION_NAMES = {
  cluster: optionNames(CLUSTER_KEYS),
  socket: optionNames(SOCKET_KEYS),
  credentials: optionNames<Credentials>({ username: true, password: true }),
  connectionsPerHost: optionNames<ConnectionsPerHost>({ local: true, remote: true }),
  tls: optionNames(TLS_KEYS),
  profile: optionNames(PROFILE_KEYS),
  statement: optionNames(STATEMENT_KEYS),
  request: optionNames(QUERY_KEYS),
  batch: optionNames(BATCH_KEYS),
  prepare: optionNames<PrepareOptions>({ keyspace: true, timeoutMs: true, signal: true }),
  connect: optionNames<ConnectOptions>({ signal: true, waitForAllPools: true }),
  schemaAgreement: optionNames<SchemaAgreementOptions>({ timeoutMs: true, signal: true }),
  trace: optionNames<TraceFetchOptions>({
    maxWaitMs: true,
    intervalMs: true,
    consistency: true,
    signal: true,
  }),
} as const;

/**
 * Names other drivers (mostly `cassandra-driver`) give to options, with what to use instead: the
 * first candidate that is a valid name of the object being checked wins (`when` defaults to the
 * name itself; `text` to the quoted name).
 */
const RENAMES: Readonly<Record<string, readonly { name: string; when?: string; text?: string }[]>> = {
  localDc: [{ name: 'localDataCenter' }],
  localDatacenter: [{ name: 'localDataCenter' }],
  fetchSize: [{ name: 'pageSize' }],
  pageState: [{ name: 'pagingState' }],
  autoPage: [{ name: 'autoPage', when: 'pageSize', text: 'session.iterate()' }],
  timeout: [{ name: 'timeoutMs' }, { name: 'requestTimeoutMs' }, { name: 'connectTimeoutMs' }],
  readTimeout: [{ name: 'timeoutMs' }, { name: 'requestTimeoutMs' }],
  requestTimeout: [{ name: 'timeoutMs' }, { name: 'requestTimeoutMs' }],
  connectTimeout: [{ name: 'connectTimeoutMs' }],
  logged: [{ name: 'type', text: "type: 'unlogged' (or 'logged', the default)" }],
  counter: [{ name: 'type', text: "type: 'counter'" }],
  isIdempotent: [{ name: 'idempotent' }],
  traceQuery: [{ name: 'tracing' }],
  consistencyLevel: [{ name: 'consistency' }],
  serialConsistencyLevel: [{ name: 'serialConsistency' }],
  profile: [{ name: 'executionProfile' }],
  keyspace: [{ name: 'keyspace', when: 'contactPoints', text: "cluster.connect('keyspace')" }],
  sslOptions: [{ name: 'tls' }],
  ssl: [{ name: 'tls' }],
  queryOptions: [{ name: 'defaultProfile' }],
  profiles: [{ name: 'executionProfiles' }],
  protocolOptions: [{ name: 'port', text: "'port', 'protocolVersion' and 'maxSchemaAgreementWaitMs'" }],
  pooling: [
    {
      name: 'connectionsPerHost',
      text: "'connectionsPerHost', 'maxRequestsPerConnection' and 'heartbeatIntervalMs'",
    },
  ],
  socketOptions: [{ name: 'socket', text: "'socket' and 'connectTimeoutMs'" }],
  policies: [
    {
      name: 'loadBalancingPolicy',
      text: "'loadBalancingPolicy', 'reconnectionPolicy', 'addressTranslator', 'timestampGenerator' and the profiles' 'retryPolicy' and 'speculativeExecutionPolicy'",
    },
  ],
  encoding: [{ name: 'int64As', text: "'int64As' and 'setsAs'" }],
  maxPrepared: [{ name: 'preparedCacheSize' }],
  isMetadataSyncEnabled: [{ name: 'schemaMetadataEnabled' }],
  applicationName: [{ name: 'startupOptions', text: 'startupOptions: { APPLICATION_NAME }' }],
  applicationVersion: [{ name: 'startupOptions', text: 'startupOptions: { APPLICATION_VERSION }' }],
  retry: [{ name: 'retryPolicy' }],
  loadBalancing: [{ name: 'loadBalancingPolicy' }],
  speculativeExecution: [{ name: 'speculativeExecutionPolicy' }],
  user: [{ name: 'username' }],
  nodelay: [{ name: 'noDelay' }],
};

/**
 * The nearest valid name to `key`, quoted (or a hint such as `type: 'unlogged'` for names other
 * drivers use): by known rename, by case, then by edit distance. `undefined` when nothing is near.
 *
 * @example
 * ```ts
 * nearestOptionName('fetchSize', ['pageSize', 'consistency']); // "'pageSize'"
 * ```
 */
export function nearestOptionName(
  key: string,
  known: Iterable<string>,
  renames: Readonly<Record<string, readonly { name: string; when?: string; text?: string }[]>> = RENAMES,
): string | undefined {
  const names = [...known];
  const set = new Set(names);
  for (const candidate of Object.hasOwn(renames, key) ? (renames[key] ?? []) : []) {
    if (set.has(candidate.when ?? candidate.name)) return candidate.text ?? `'${candidate.name}'`;
  }
  const lower = key.toLowerCase();
  const sameCase = names.find((n) => n.toLowerCase() === lower);
  if (sameCase !== undefined) return `'${sameCase}'`;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of names) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best !== undefined) return `'${best}'`;
  // A known name that contains the key (`ttl` → `ttlSeconds`) or is contained by it (`readTimeout`).
  const contained = names.find((n) => {
    const name = n.toLowerCase();
    return (lower.length >= 3 && name.includes(lower)) || (name.length > 3 && lower.includes(name));
  });
  return contained === undefined ? undefined : `'${contained}'`;
}

/**
 * Throws {@link InvalidOptionsError} when `options` has a key that is not in `known`, naming the
 * key (with its path) and the nearest valid name. For libraries built on the driver (the mapper
 * and the migrations use it), so that every cqlkit package reports unknown options the same way.
 *
 * @param what - what the options are, singular (`'request option'`, `'mapper option'`…)
 * @param path - prefix of the key in the message (`'socket.'`)
 * @example
 * ```ts
 * checkOptionNames('widget option', { colour: 'red' }, ['color']);
 * // InvalidOptionsError: unknown widget option 'colour'; did you mean 'color'?
 * ```
 */
export function checkOptionNames(
  what: string,
  options: object,
  known: ReadonlySet<string> | readonly string[],
  path = '',
): void {
  const set: ReadonlySet<string> = Array.isArray(known) ? new Set(known) : (known as ReadonlySet<string>);
  for (const key in options) {
    if (!set.has(key)) throw unknownOption(what, key, set, path);
  }
}

function unknownOption(
  what: string,
  key: string,
  known: ReadonlySet<string>,
  path: string,
): InvalidOptionsError {
  const near = nearestOptionName(key, known);
  const hint =
    near !== undefined ? `; did you mean ${near}?` : ` (valid options: ${[...known].sort().join(', ')})`;
  return new InvalidOptionsError(`unknown ${what} '${path}${key}'${hint}`);
}

/** Levenshtein distance (short strings only: option names). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
