import * as policies from '../../src/policies';

describe('policies barrel', () => {
  it('exports the stock policies and helpers, and none of the internal helpers', () => {
    expect(Object.keys(policies).sort()).toEqual(
      [
        'AllowListPolicy',
        'ConstantReconnectionPolicy',
        'ConstantSpeculativeExecutionPolicy',
        'DCAwareRoundRobinPolicy',
        'DefaultConvictionPolicy',
        'DefaultRetryPolicy',
        'DowngradingConsistencyRetryPolicy',
        'ExponentialReconnectionPolicy',
        'FallthroughRetryPolicy',
        'HostFilterPolicy',
        'IGNORE',
        'IdentityTranslator',
        'MapAddressTranslator',
        'MonotonicTimestampGenerator',
        'NoSpeculativeExecutionPolicy',
        'RETHROW',
        'RoundRobinPolicy',
        'ServerSideTimestamps',
        'TokenAwarePolicy',
        'consolePolicyLogger',
        'defaultLoadBalancingPolicy',
        'retryNextHost',
        'retrySameHost',
        'routesAsLwt',
        'timestampGeneratorFrom',
      ].sort(),
    );
  });
});
