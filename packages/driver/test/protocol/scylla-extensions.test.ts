import {
  parseScyllaExtensions,
  requestedLwtMask,
  scyllaStartupOptions,
} from '../../src/protocol/scylla-extensions';

/** SUPPORTED as a ScyllaDB node sends it (values as lists). */
const SCYLLA_SUPPORTED: Record<string, string[]> = {
  CQL_VERSION: ['3.3.1'],
  COMPRESSION: ['lz4', 'snappy'],
  SCYLLA_SHARD: ['2'],
  SCYLLA_NR_SHARDS: ['4'],
  SCYLLA_PARTITIONER: ['org.apache.cassandra.dht.Murmur3Partitioner'],
  SCYLLA_SHARDING_ALGORITHM: ['biased-token-round-robin'],
  SCYLLA_SHARDING_IGNORE_MSB: ['12'],
  SCYLLA_SHARD_AWARE_PORT: ['19042'],
  SCYLLA_SHARD_AWARE_PORT_SSL: ['19142'],
  SCYLLA_LWT_ADD_METADATA_MARK: ['LWT_OPTIMIZATION_META_BIT_MASK=2147483648'],
  SCYLLA_RATE_LIMIT_ERROR: ['ERROR_CODE=61440'],
  TABLETS_ROUTING_V1: [],
  SCYLLA_USE_METADATA_ID: [],
};

function without(...keys: string[]): Record<string, string[]> {
  const copy = { ...SCYLLA_SUPPORTED };
  for (const key of keys) delete copy[key];
  return copy;
}

describe('parseScyllaExtensions', () => {
  it('reads every extension of a ScyllaDB SUPPORTED', () => {
    const { extensions, warnings } = parseScyllaExtensions(SCYLLA_SUPPORTED);
    expect(warnings).toEqual([]);
    expect(extensions).toEqual({
      sharding: { shard: 2, nrShards: 4, ignoreMsb: 12, shardAwarePort: 19042, shardAwarePortSsl: 19142 },
      lwtMetadataMask: 2147483648,
      rateLimitErrorCode: 61440,
      tabletsRoutingV1: true,
      useMetadataId: true,
    });
  });

  it('finds nothing in an Apache Cassandra SUPPORTED', () => {
    expect(
      parseScyllaExtensions({ CQL_VERSION: ['3.4.7'], COMPRESSION: ['lz4'], PROTOCOL_VERSIONS: ['5/v5'] }),
    ).toEqual({ extensions: undefined, warnings: [] });
  });

  it.each([
    [['SCYLLA_SHARD'], /missing SCYLLA_SHARD/],
    [['SCYLLA_NR_SHARDS'], /missing SCYLLA_NR_SHARDS/],
    [['SCYLLA_SHARDING_IGNORE_MSB'], /missing SCYLLA_SHARDING_IGNORE_MSB/],
    [['SCYLLA_SHARD', 'SCYLLA_SHARDING_IGNORE_MSB'], /missing SCYLLA_SHARD, SCYLLA_SHARDING_IGNORE_MSB/],
  ])('turns shard awareness off, with a warning, when %j is missing', (keys, warning) => {
    const { extensions, warnings } = parseScyllaExtensions(without(...keys));
    expect(extensions?.sharding).toBeUndefined();
    expect(extensions?.lwtMetadataMask).toBe(2147483648); // the other extensions stay
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    expect(warnings[0]).toMatch(/shard awareness is off/);
  });

  it.each([
    [{ SCYLLA_SHARD: ['4'] }, /shard 4 is not below the shard count 4/],
    [{ SCYLLA_NR_SHARDS: ['0'] }, /SCYLLA_NR_SHARDS "0"/],
    [{ SCYLLA_SHARD: ['x'] }, /SCYLLA_SHARD "x"/],
    [{ SCYLLA_SHARDING_IGNORE_MSB: ['64'] }, /SCYLLA_SHARDING_IGNORE_MSB "64"/],
    [{ SCYLLA_PARTITIONER: ['org.apache.cassandra.dht.RandomPartitioner'] }, /RandomPartitioner/],
    [{ SCYLLA_SHARDING_ALGORITHM: ['other'] }, /sharding algorithm other/],
  ])('rejects invalid sharding values %j', (override, warning) => {
    const { extensions, warnings } = parseScyllaExtensions({ ...SCYLLA_SUPPORTED, ...override });
    expect(extensions?.sharding).toBeUndefined();
    expect(warnings.join('\n')).toMatch(warning);
  });

  it('keeps sharding without the optional keys (partitioner, algorithm, ports)', () => {
    const { extensions, warnings } = parseScyllaExtensions(
      without(
        'SCYLLA_PARTITIONER',
        'SCYLLA_SHARDING_ALGORITHM',
        'SCYLLA_SHARD_AWARE_PORT',
        'SCYLLA_SHARD_AWARE_PORT_SSL',
      ),
    );
    expect(warnings).toEqual([]);
    expect(extensions?.sharding).toEqual({
      shard: 2,
      nrShards: 4,
      ignoreMsb: 12,
      shardAwarePort: undefined,
      shardAwarePortSsl: undefined,
    });
  });

  it('ignores an LWT mark or a rate-limit code that does not parse, with a warning', () => {
    const { extensions, warnings } = parseScyllaExtensions({
      ...SCYLLA_SUPPORTED,
      SCYLLA_LWT_ADD_METADATA_MARK: ['2147483648'],
      SCYLLA_RATE_LIMIT_ERROR: ['ERROR_CODE=abc'],
    });
    expect(extensions?.lwtMetadataMask).toBeUndefined();
    expect(extensions?.rateLimitErrorCode).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });
});

describe('scyllaStartupOptions', () => {
  it('accepts the LWT mark with its mask, rate limits, tablets and (on v4) metadata ids', () => {
    const { extensions } = parseScyllaExtensions(SCYLLA_SUPPORTED);
    expect(extensions?.useMetadataId).toBe(true);
    expect(scyllaStartupOptions(extensions!, 4)).toEqual({
      SCYLLA_LWT_ADD_METADATA_MARK: 'LWT_OPTIMIZATION_META_BIT_MASK=2147483648',
      SCYLLA_RATE_LIMIT_ERROR: '',
      TABLETS_ROUTING_V1: '',
      SCYLLA_USE_METADATA_ID: '',
    });
  });

  it('does not ask for metadata ids on v5 (which has them) nor when they are not offered', () => {
    const { extensions } = parseScyllaExtensions(SCYLLA_SUPPORTED);
    expect(scyllaStartupOptions(extensions!, 5)).not.toHaveProperty('SCYLLA_USE_METADATA_ID');
    const { extensions: plain } = parseScyllaExtensions(without('SCYLLA_USE_METADATA_ID'));
    expect(scyllaStartupOptions(plain!, 4)).not.toHaveProperty('SCYLLA_USE_METADATA_ID');
  });

  it('reads the mask of both STARTUP forms (Rust/gocql and Python)', () => {
    expect(requestedLwtMask('LWT_OPTIMIZATION_META_BIT_MASK=2147483648')).toBe(2147483648);
    expect(requestedLwtMask('2147483648')).toBe(2147483648);
    expect(requestedLwtMask('')).toBeUndefined();
    expect(requestedLwtMask('MASK=1')).toBeUndefined();
  });
});
