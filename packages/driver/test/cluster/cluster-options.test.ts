import { Cluster } from '../../src/cluster';
import { resolveClusterAwareness } from '../../src/cluster/cluster-config';
import { InvalidOptionsError } from '../../src/errors';
import { validateQueryOptions } from '../../src/options';
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
    const config = resolveClusterAwareness({ contactPoints, localDataCenter: 'dc1' });
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
    const custom = resolveClusterAwareness({
      contactPoints,
      connectionsPerHost: { local: 3 },
      reconnectionPolicy: new ConstantReconnectionPolicy(50),
    });
    expect([custom.poolSize('local'), custom.poolSize('remote')]).toEqual([3, 1]);
    expect(custom.reconnectionPolicy).toBeInstanceOf(ConstantReconnectionPolicy);
  });
});
