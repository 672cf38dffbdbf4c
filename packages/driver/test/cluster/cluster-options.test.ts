import { Cluster } from '../../src/cluster';
import { resolveClusterOptions } from '../../src/cluster/cluster-config';
import { Connection } from '../../src/connection/connection';
import { InvalidOptionsError } from '../../src/errors';
import { DEFAULT_EXECUTION_PROFILE, DEFAULTS } from '../../src/options';
import { validateQueryOptions } from '../../src/options-validation';
import { ConstantReconnectionPolicy, ExponentialReconnectionPolicy } from '../../src/policies/reconnection';
import { TokenAwarePolicy } from '../../src/policies/load-balancing-token-aware';

const contactPoints = ['127.0.0.1'];

describe('cluster-awareness options', () => {
  it.each([
    [
      { loadBalancingPolicy: {} },
      /'loadBalancingPolicy' must be an object with method\(s\) init, distance, newQueryPlan/,
    ],
    [{ reconnectionPolicy: { next: () => 1 } }, /'reconnectionPolicy'.*missing newSchedule/],
    [{ convictionPolicy: 5 }, /'convictionPolicy'/],
    [{ addressTranslator: { translate: 'x' } }, /'addressTranslator'.*missing translate/],
    [{ logger: {} }, /'logger'.*missing warn/],
    [{ controlConnectionTimeoutMs: 0 }, /'controlConnectionTimeoutMs' must be a positive number/],
    [{ schemaEventRefreshWindowMs: Number.NaN }, /'schemaEventRefreshWindowMs' must be a finite number/],
    [{ topologyEventRefreshWindowMs: '10' }, /'topologyEventRefreshWindowMs'/],
    [{ statusEventRefreshWindowMs: Infinity }, /'statusEventRefreshWindowMs'/],
    [{ maxSchemaAgreementWaitMs: null }, /'maxSchemaAgreementWaitMs'/],
    [{ schemaMetadataEnabled: 'yes' }, /'schemaMetadataEnabled' must be true or false/],
    [{ tokenMetadataEnabled: 1 }, /'tokenMetadataEnabled'/],
    [{ prepareOnAllHosts: null }, /'prepareOnAllHosts'/],
    [{ reprepareOnUp: 'no' }, /'reprepareOnUp'/],
    [{ connectionsPerHost: { local: 0 } }, /'connectionsPerHost.local' must be an integer from 1 to 64/],
    [{ connectionsPerHost: { remote: 100 } }, /'connectionsPerHost.remote'/],
    [{ connectionsPerHost: 'two' }, /'connectionsPerHost' must be a number or \{ local\?, remote\? \}/],
  ])('rejects %p before connecting', (extra, message) => {
    expect(() => new Cluster({ contactPoints, ...(extra as object) })).toThrow(InvalidOptionsError);
    expect(() => new Cluster({ contactPoints, ...(extra as object) })).toThrow(message);
  });

  it('accepts negative windows (off) and a zero agreement wait (off)', () => {
    expect(
      () =>
        new Cluster({
          contactPoints,
          schemaEventRefreshWindowMs: -1,
          topologyEventRefreshWindowMs: 0,
          maxSchemaAgreementWaitMs: 0,
        }),
    ).not.toThrow();
  });

  it('rejects invalid connect() options and routing keys', async () => {
    const cluster = new Cluster({ contactPoints });
    await expect(
      cluster.connect(undefined, { waitForAllPools: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/'waitForAllPools' must be true or false/);
    await cluster.shutdown();
    expect(() => validateQueryOptions({ routingKey: 'k' as unknown as Uint8Array })).toThrow(
      /'routingKey' must be a Buffer/,
    );
    expect(() => validateQueryOptions({ routingKey: [] })).toThrow(/'routingKey'/);
    expect(() => validateQueryOptions({ routingKey: [Buffer.alloc(70_000), Buffer.from([1])] })).toThrow(
      /65535 bytes/,
    );
    expect(() => validateQueryOptions({ routingKey: [Buffer.from([1]), Buffer.from([2])] })).not.toThrow();
  });

  it('rejects invalid arguments of the metadata API before anything is sent', async () => {
    const cluster = new Cluster({ contactPoints });
    expect(() => cluster.getReplicas('', Buffer.from([1]))).toThrow(InvalidOptionsError);
    expect(() => cluster.getReplicas('ks', 'key' as unknown as Uint8Array)).toThrow(
      /routing key .* or a token/,
    );
    await expect(cluster.refreshTableMetadata('ks', '')).rejects.toThrow(InvalidOptionsError);
    await expect(cluster.refreshFunctionMetadata('ks', 'f', 'int' as unknown as string[])).rejects.toThrow(
      /argTypes/,
    );
    expect(() => cluster.addHostStateListener(null as unknown as object)).toThrow(InvalidOptionsError);
    expect(cluster.getReplicas('ks', 1n)).toEqual([]); // nothing known before connect()
    expect(cluster.hosts()).toEqual([]);
    await cluster.shutdown();
    await expect(cluster.refreshNodes()).rejects.toThrow(/shut down/);
  });

  it('resolves the defaults: token-aware DC-aware balancing, exponential reconnection 1 s → 10 min, 10 s agreement wait', () => {
    const config = resolveClusterOptions({ contactPoints, localDataCenter: 'dc1' });
    expect(config.loadBalancingPolicy).toBeInstanceOf(TokenAwarePolicy);
    expect(config.reconnectionPolicy).toBeInstanceOf(ExponentialReconnectionPolicy);
    expect(config.reconnectionPolicy).toMatchObject({ baseDelayMs: 1000, maxDelayMs: 600_000, jitter: true });
    expect(config).toMatchObject({
      controlConnectionTimeoutMs: 5000,
      schemaEventRefreshWindowMs: 2000,
      topologyEventRefreshWindowMs: 10_000,
      statusEventRefreshWindowMs: 2000,
      maxSchemaAgreementWaitMs: 10_000,
      schemaMetadataEnabled: true,
      tokenMetadataEnabled: true,
      prepareOnAllHosts: true,
      reprepareOnUp: true,
    });
    expect([config.poolSize('local'), config.poolSize('remote'), config.poolSize('ignored')]).toEqual([
      1, 1, 0,
    ]);
    const custom = resolveClusterOptions({
      contactPoints,
      connectionsPerHost: { local: 3 },
      reconnectionPolicy: new ConstantReconnectionPolicy(50),
    });
    expect([custom.poolSize('local'), custom.poolSize('remote')]).toEqual([3, 1]);
    expect(custom.reconnectionPolicy).toBeInstanceOf(ConstantReconnectionPolicy);
  });

  it.each([
    [{ protocolVersion: 6 }, "option 'protocolVersion' must be 3, 4 or 5, got 6"],
    [{ compression: 'zstd' }, "option 'compression' must be true, false, 'lz4' or 'snappy', got zstd"],
    [{ connectTimeoutMs: 0 }, "option 'connectTimeoutMs' must be an integer ≥ 1 (milliseconds), got 0"],
    [
      { heartbeatIntervalMs: 1.5 },
      "option 'heartbeatIntervalMs' must be an integer ≥ 0 (milliseconds; 0 = off)",
    ],
  ])(
    'checks the connection option %p once, in the constructor, as Connection.open does',
    async (extra, message) => {
      expect(() => new Cluster({ contactPoints, ...(extra as object) })).toThrow(message);
      await expect(Connection.open('127.0.0.1', 9, extra as object)).rejects.toThrow(message);
    },
  );

  it('takes every default from one frozen table', () => {
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
    expect(Object.isFrozen(DEFAULTS.profile)).toBe(true);
    expect(Object.isFrozen(DEFAULTS.socket)).toBe(true);
    const config = resolveClusterOptions({ contactPoints });
    expect(config).toMatchObject({
      port: 9042,
      preparedCacheSize: 1000,
      maxRequestsPerConnection: 2048,
      schemaAgreementWaitMs: 10_000,
      metrics: false,
    });
    expect(config.connection).toMatchObject({
      compression: 'lz4',
      connectTimeoutMs: 5000,
      heartbeatIntervalMs: 30_000,
      heartbeatTimeoutMs: 5000,
      maxOrphanedStreams: 1024,
      maxStreams: 32768,
      noDelay: true,
      keepAlive: true,
      keepAliveDelayMs: 0,
    });
    expect(config.defaultProfile).toEqual(DEFAULT_EXECUTION_PROFILE);
    expect(DEFAULT_EXECUTION_PROFILE).toMatchObject({ requestTimeoutMs: 12_000, pageSize: 5000 });
    // awaitSchemaAgreement() still waits 10 s by default when the wait after DDL is off
    expect(resolveClusterOptions({ contactPoints, maxSchemaAgreementWaitMs: 0 }).schemaAgreementWaitMs).toBe(
      10_000,
    );
  });
});
