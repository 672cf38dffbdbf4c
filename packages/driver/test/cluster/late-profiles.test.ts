/**
 * Execution profiles added after `connect()` whose load-balancing policy wants hosts the other
 * profiles ignore: the sessions open pools to those hosts, and the profile's requests reach them.
 */
import { Cluster } from '../../src/cluster';
import { DCAwareRoundRobinPolicy } from '../../src/policies/load-balancing-dc-aware';
import { CapturedLog, ringOptions, useFakeRing } from './cluster-fixture';

describe('execution profiles added after connect()', () => {
  const fake = useFakeRing(2, { perTest: true, info: (i) => ({ datacenter: i === 0 ? 'dc1' : 'dc2' }) });
  const clusters = fake.clusters;

  const dc2 = (): DCAwareRoundRobinPolicy => new DCAwareRoundRobinPolicy({ localDc: 'dc2' });

  it('open pools to the hosts their policy wants, so their first request is served', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    expect([...session.connectionCounts().keys()]).toEqual([fake.ring.nodes[0]!.endpoint]);

    cluster.addExecutionProfile('dc2', { loadBalancingPolicy: dc2() });
    const rs = await session.execute('SELECT * FROM ks.t', [], { executionProfile: 'dc2' });
    expect(rs.coordinator.endpoint).toBe(fake.ring.nodes[1]!.endpoint);
    expect(session.connectionCounts().get(fake.ring.nodes[1]!.endpoint)).toBe(1);
  });

  it('also for a profile object passed with one request', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const rs = await session.execute('SELECT * FROM ks.t', [], {
      executionProfile: { loadBalancingPolicy: dc2() },
    });
    expect(rs.coordinator.endpoint).toBe(fake.ring.nodes[1]!.endpoint);
  });
});
