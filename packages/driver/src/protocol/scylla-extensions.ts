/**
 * ScyllaDB's protocol extensions, as a server announces them in SUPPORTED and a client accepts
 * them in STARTUP: shard awareness, the LWT metadata mark, the rate-limit error, tablet routing
 * and result metadata ids on protocol v4. Parsing and the STARTUP entries only; what the driver
 * does with them lives with the pools (`pool/`), routing (`routing/`) and the request pipeline.
 *
 * Never holds sockets or per-connection state.
 *
 * @packageDocumentation
 */

/** SUPPORTED / STARTUP keys and value names of the extensions. */
export const ScyllaKey = {
  SHARD: 'SCYLLA_SHARD',
  NR_SHARDS: 'SCYLLA_NR_SHARDS',
  PARTITIONER: 'SCYLLA_PARTITIONER',
  SHARDING_ALGORITHM: 'SCYLLA_SHARDING_ALGORITHM',
  SHARDING_IGNORE_MSB: 'SCYLLA_SHARDING_IGNORE_MSB',
  SHARD_AWARE_PORT: 'SCYLLA_SHARD_AWARE_PORT',
  SHARD_AWARE_PORT_SSL: 'SCYLLA_SHARD_AWARE_PORT_SSL',
  LWT_ADD_METADATA_MARK: 'SCYLLA_LWT_ADD_METADATA_MARK',
  LWT_OPTIMIZATION_META_BIT_MASK: 'LWT_OPTIMIZATION_META_BIT_MASK',
  RATE_LIMIT_ERROR: 'SCYLLA_RATE_LIMIT_ERROR',
  ERROR_CODE: 'ERROR_CODE',
  TABLETS_ROUTING_V1: 'TABLETS_ROUTING_V1',
  USE_METADATA_ID: 'SCYLLA_USE_METADATA_ID',
} as const;

/** The only partitioner and sharding algorithm shard awareness supports. */
export const MURMUR3_PARTITIONER = 'org.apache.cassandra.dht.Murmur3Partitioner';
export const BIASED_TOKEN_ROUND_ROBIN = 'biased-token-round-robin';

/** Key of the custom payload entry carrying a tablet's replicas. */
export const TABLETS_ROUTING_V1_PAYLOAD_KEY = 'tablets-routing-v1';

/** How a ScyllaDB node shards its data, and the shard of the connection that learned it. */
export interface ShardingInfo {
  /** The shard this connection is served by. */
  readonly shard: number;
  /** Shards of the node. */
  readonly nrShards: number;
  /** Most significant bits of the biased token ignored by the sharding function. */
  readonly ignoreMsb: number;
  /** The shard-aware port (a connection's shard is its source port % `nrShards`), if any. */
  readonly shardAwarePort: number | undefined;
  /** The TLS shard-aware port, if any. */
  readonly shardAwarePortSsl: number | undefined;
}

/** The extensions a server offered, as far as the driver uses them. */
export interface ScyllaExtensions {
  /** Shard awareness; `undefined` when absent or incomplete (see `warnings`). */
  readonly sharding: ShardingInfo | undefined;
  /** Bit mask marking LWT statements in PREPARED metadata flags. */
  readonly lwtMetadataMask: number | undefined;
  /** Error code of the rate-limit error (learned, never assumed). */
  readonly rateLimitErrorCode: number | undefined;
  /** `TABLETS_ROUTING_V1`: non-owners attach the owning replicas to their results. */
  readonly tabletsRoutingV1: boolean;
  /** `SCYLLA_USE_METADATA_ID`: result metadata ids on protocol v4. */
  readonly useMetadataId: boolean;
}

/** What parsing found, with the problems worth a warning. */
export interface ScyllaExtensionsParse {
  /** `undefined` when the server offered none of the extensions (Apache Cassandra). */
  readonly extensions: ScyllaExtensions | undefined;
  /** Why an offered extension is not used (a partial sharding set, a value that does not parse…). */
  readonly warnings: readonly string[];
}

type Supported = Readonly<Record<string, readonly string[]>>;

const SHARDING_KEYS = [
  ScyllaKey.SHARD,
  ScyllaKey.NR_SHARDS,
  ScyllaKey.PARTITIONER,
  ScyllaKey.SHARDING_ALGORITHM,
  ScyllaKey.SHARDING_IGNORE_MSB,
] as const;

/**
 * Reads the extensions of a SUPPORTED multimap. Shard awareness is as strict as ScyllaDB's Rust
 * driver: it needs `SCYLLA_SHARD`, `SCYLLA_NR_SHARDS` and `SCYLLA_SHARDING_IGNORE_MSB` together,
 * with a shard below the shard count, and (when given) the Murmur3 partitioner and the
 * `biased-token-round-robin` algorithm; anything less turns it off for the connection with a
 * warning naming what is missing or wrong.
 *
 * @example
 * ```ts
 * const { extensions, warnings } = parseScyllaExtensions(supported);
 * extensions?.sharding?.nrShards; // 4
 * ```
 */
export function parseScyllaExtensions(supported: Supported): ScyllaExtensionsParse {
  const warnings: string[] = [];
  const sharding = parseSharding(supported, warnings);
  const lwtMetadataMask = parseField(
    supported,
    ScyllaKey.LWT_ADD_METADATA_MARK,
    ScyllaKey.LWT_OPTIMIZATION_META_BIT_MASK,
    0xffffffff,
    warnings,
  );
  const rateLimitErrorCode = parseField(
    supported,
    ScyllaKey.RATE_LIMIT_ERROR,
    ScyllaKey.ERROR_CODE,
    0x7fffffff,
    warnings,
  );
  const tabletsRoutingV1 = ScyllaKey.TABLETS_ROUTING_V1 in supported;
  const useMetadataId = ScyllaKey.USE_METADATA_ID in supported;
  const offered =
    sharding !== undefined ||
    SHARDING_KEYS.some((key) => key in supported) ||
    ScyllaKey.LWT_ADD_METADATA_MARK in supported ||
    ScyllaKey.RATE_LIMIT_ERROR in supported ||
    tabletsRoutingV1 ||
    useMetadataId;
  if (!offered) return { extensions: undefined, warnings };
  return {
    extensions: { sharding, lwtMetadataMask, rateLimitErrorCode, tabletsRoutingV1, useMetadataId },
    warnings,
  };
}

/**
 * The STARTUP entries accepting the extensions the driver uses: the LWT mark (with the mask),
 * the rate-limit error, tablet routing and, below protocol v5, result metadata ids
 * (`SCYLLA_USE_METADATA_ID`, which gives v3/v4 connections v5's result metadata ids: the
 * connection then reads and sends them as on v5). Shard awareness needs no entry.
 *
 * @param version the connection's protocol version (v5 has metadata ids without asking)
 * @example
 * ```ts
 * scyllaStartupOptions(extensions, 4); // { SCYLLA_LWT_ADD_METADATA_MARK: 'LWT_OPTIMIZATION_META_BIT_MASK=2147483648', … }
 * ```
 */
export function scyllaStartupOptions(extensions: ScyllaExtensions, version: number): Record<string, string> {
  const options: Record<string, string> = {};
  if (extensions.lwtMetadataMask !== undefined) {
    options[ScyllaKey.LWT_ADD_METADATA_MARK] =
      `${ScyllaKey.LWT_OPTIMIZATION_META_BIT_MASK}=${extensions.lwtMetadataMask}`;
  }
  if (extensions.rateLimitErrorCode !== undefined) options[ScyllaKey.RATE_LIMIT_ERROR] = '';
  if (extensions.tabletsRoutingV1) options[ScyllaKey.TABLETS_ROUTING_V1] = '';
  if (extensions.useMetadataId && version < 5) options[ScyllaKey.USE_METADATA_ID] = '';
  return options;
}

/**
 * The mask a client asked for in STARTUP's `SCYLLA_LWT_ADD_METADATA_MARK` entry: Rust and gocql
 * send `LWT_OPTIMIZATION_META_BIT_MASK=<mask>`, ScyllaDB's Python driver the bare number; both
 * are accepted. `undefined` when the value is neither.
 *
 * @example
 * ```ts
 * requestedLwtMask('LWT_OPTIMIZATION_META_BIT_MASK=2147483648'); // 2147483648
 * requestedLwtMask('2147483648'); // 2147483648
 * ```
 */
export function requestedLwtMask(value: string): number | undefined {
  const text = value.trim();
  const prefix = `${ScyllaKey.LWT_OPTIMIZATION_META_BIT_MASK}=`;
  return parseUnsigned(text.startsWith(prefix) ? text.slice(prefix.length) : text, 0xffffffff);
}

function parseSharding(supported: Supported, warnings: string[]): ShardingInfo | undefined {
  const present = SHARDING_KEYS.filter((key) => key in supported);
  if (present.length === 0) return undefined;
  const off = (why: string): undefined => {
    warnings.push(
      `partial or invalid ScyllaDB sharding information (${why}); shard awareness is off for this connection`,
    );
    return undefined;
  };
  const missing = [ScyllaKey.SHARD, ScyllaKey.NR_SHARDS, ScyllaKey.SHARDING_IGNORE_MSB].filter(
    (key) => first(supported, key) === undefined,
  );
  if (missing.length > 0) return off(`missing ${missing.join(', ')}`);
  const shard = parseUnsigned(first(supported, ScyllaKey.SHARD), 0xffff);
  const nrShards = parseUnsigned(first(supported, ScyllaKey.NR_SHARDS), 0x10000);
  const ignoreMsb = parseUnsigned(first(supported, ScyllaKey.SHARDING_IGNORE_MSB), 63);
  if (shard === undefined) return off(`${ScyllaKey.SHARD} ${show(supported, ScyllaKey.SHARD)}`);
  if (nrShards === undefined || nrShards === 0) {
    return off(`${ScyllaKey.NR_SHARDS} ${show(supported, ScyllaKey.NR_SHARDS)}`);
  }
  if (ignoreMsb === undefined) {
    return off(`${ScyllaKey.SHARDING_IGNORE_MSB} ${show(supported, ScyllaKey.SHARDING_IGNORE_MSB)}`);
  }
  if (shard >= nrShards) return off(`shard ${shard} is not below the shard count ${nrShards}`);
  const partitioner = first(supported, ScyllaKey.PARTITIONER);
  if (partitioner !== undefined && partitioner !== MURMUR3_PARTITIONER) {
    return off(`partitioner ${partitioner}; only ${MURMUR3_PARTITIONER} is supported`);
  }
  const algorithm = first(supported, ScyllaKey.SHARDING_ALGORITHM);
  if (algorithm !== undefined && algorithm !== BIASED_TOKEN_ROUND_ROBIN) {
    return off(`sharding algorithm ${algorithm}; only ${BIASED_TOKEN_ROUND_ROBIN} is supported`);
  }
  return {
    shard,
    nrShards,
    ignoreMsb,
    shardAwarePort: optionalPort(supported, ScyllaKey.SHARD_AWARE_PORT, warnings),
    shardAwarePortSsl: optionalPort(supported, ScyllaKey.SHARD_AWARE_PORT_SSL, warnings),
  };
}

function optionalPort(supported: Supported, key: string, warnings: string[]): number | undefined {
  const text = first(supported, key);
  if (text === undefined) return undefined;
  const port = parseUnsigned(text, 65535);
  if (port === undefined || port === 0) {
    warnings.push(`ignoring ${key} ${JSON.stringify(text)}: not a port number`);
    return undefined;
  }
  return port;
}

/** The value of `field=value` among the values of `key`; a warning when it is missing or bad. */
function parseField(
  supported: Supported,
  key: string,
  field: string,
  max: number,
  warnings: string[],
): number | undefined {
  const values = supported[key];
  if (values === undefined) return undefined;
  const prefix = `${field}=`;
  const entry = values.map((v) => v.trim()).find((v) => v.startsWith(prefix));
  const value = entry === undefined ? undefined : parseUnsigned(entry.slice(prefix.length), max);
  if (value === undefined) {
    warnings.push(`ignoring ${key}: expected a value ${field}=<number>, got ${JSON.stringify(values)}`);
  }
  return value;
}

function first(supported: Supported, key: string): string | undefined {
  const value = supported[key]?.[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function show(supported: Supported, key: string): string {
  return JSON.stringify(supported[key]?.[0] ?? null);
}

function parseUnsigned(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}
