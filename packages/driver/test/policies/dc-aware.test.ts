import { InvalidOptionsError } from '../../src/errors';
import { DCAwareRoundRobinPolicy } from '../../src/policies/load-balancing-dc-aware';
import { FakeCluster, host, ids, RecordingLogger } from './fake-cluster';

// dc1: 1, 2, 3   dc2: 4, 5   dc3: 6
function topology() {
  return [host(1, 'dc1'), host(2, 'dc1'), host(3, 'dc1'), host(4, 'dc2'), host(5, 'dc2'), host(6, 'dc3')];
}

function initialised(options: ConstructorParameters<typeof DCAwareRoundRobinPolicy>[0], hosts = topology()) {
  const logger = new RecordingLogger();
  const policy = new DCAwareRoundRobinPolicy({ ...options, logger });
  policy.init(new FakeCluster(hosts));
  return { policy, hosts, logger };
}

describe('DCAwareRoundRobinPolicy', () => {
  it('plans over the local data center only, rotating', () => {
    const { policy } = initialised({ localDc: 'dc1' });
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 2, 3]);
    expect(ids(policy.newQueryPlan({}))).toEqual([2, 3, 1]);
  });

  it('puts local hosts at distance local and ignores remote ones by default', () => {
    const { policy, hosts } = initialised({ localDc: 'dc1' });
    expect(hosts.map((h) => policy.distance(h))).toEqual([
      'local',
      'local',
      'local',
      'ignored',
      'ignored',
      'ignored',
    ]);
  });

  it('skips down local hosts', () => {
    const { policy, hosts } = initialised({ localDc: 'dc1' });
    hosts[0]!.setUp(false);
    expect(ids(policy.newQueryPlan({}))).toEqual([2, 3]);
  });

  it('appends usedHostsPerRemoteDc up hosts of each remote data center after the local ones', () => {
    const { policy } = initialised({ localDc: 'dc1', usedHostsPerRemoteDc: 1 });
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 2, 3, 4, 6]);
  });

  it('uses remote hosts when every local host is down', () => {
    const { policy, hosts } = initialised({ localDc: 'dc1', usedHostsPerRemoteDc: 2 });
    for (const h of hosts.slice(0, 3)) h.setUp(false);
    expect(ids(policy.newQueryPlan({}))).toEqual([4, 5, 6]);
  });

  it('marks only the first usedHostsPerRemoteDc up hosts of a remote DC as remote', () => {
    const { policy, hosts } = initialised({ localDc: 'dc1', usedHostsPerRemoteDc: 1 });
    const [h4, h5] = [hosts[3]!, hosts[4]!];
    expect([policy.distance(h4), policy.distance(h5), policy.distance(hosts[5]!)]).toEqual([
      'remote',
      'ignored',
      'remote',
    ]);
    h4.setUp(false);
    policy.onDown(h4);
    expect([policy.distance(h4), policy.distance(h5)]).toEqual(['ignored', 'remote']);
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 2, 3, 5, 6]);
  });

  it('infers the local data center from the contact points, with a warning', () => {
    const logger = new RecordingLogger();
    const policy = new DCAwareRoundRobinPolicy({ logger });
    const hosts = topology();
    policy.useContactPoints([hosts[4]!]);
    policy.init(new FakeCluster(hosts));
    expect(policy.localDatacenter).toBe('dc2');
    expect(ids(policy.newQueryPlan({}))).toEqual([4, 5]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/no localDc configured; using 'dc2'.*contact point 10\.0\.0\.5:9042/);
  });

  it('warns when the contact points span several data centers', () => {
    const logger = new RecordingLogger();
    const policy = new DCAwareRoundRobinPolicy({ logger });
    const hosts = topology();
    policy.useContactPoints([host(9), hosts[0]!, hosts[3]!]);
    expect(policy.localDatacenter).toBe('dc1');
    expect(logger.warnings[0]).toMatch(/span other data centers too \('dc2'\)/);
  });

  it('ignores contact points when the local data center is configured', () => {
    const { policy, hosts, logger } = initialised({ localDc: 'dc1' });
    policy.useContactPoints([hosts[3]!]);
    expect(policy.localDatacenter).toBe('dc1');
    expect(logger.warnings).toEqual([]);
  });

  it('falls back to the first host with a data center when no contact point tells', () => {
    const { policy, logger } = initialised({}, [host(7), ...topology()]);
    expect(policy.localDatacenter).toBe('dc1');
    expect(logger.warnings[0]).toMatch(/using 'dc1'.*host 10\.0\.0\.1:9042/);
  });

  it('treats every host as local when no data center is known at all', () => {
    const { policy, logger } = initialised({}, [host(1), host(2)]);
    expect(policy.localDatacenter).toBeUndefined();
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([1, 2]);
    expect(policy.distance(host(1))).toBe('local');
    expect(logger.warnings).toEqual([]);
  });

  it('warns when the configured local data center has no host', () => {
    const { logger, policy } = initialised({ localDc: 'dc9' });
    expect(logger.warnings[0]).toMatch(/'dc9' has no known host \(known data centers: 'dc1', 'dc2', 'dc3'\)/);
    expect(ids(policy.newQueryPlan({}))).toEqual([]);
  });

  it('follows hosts added to and removed from the data centers', () => {
    const { policy, hosts } = initialised({ localDc: 'dc1', usedHostsPerRemoteDc: 1 });
    policy.onAdd(host(7, 'dc1'));
    policy.onRemove(hosts[0]!);
    policy.onRemove(hosts[5]!);
    policy.onAdd(host(8, 'dc4'));
    expect(ids(policy.newQueryPlan({})).slice(0, 3).sort()).toEqual([2, 3, 7]);
    expect(ids(policy.newQueryPlan({})).slice(3)).toEqual([4, 8]);
    expect(policy.distance(host(8, 'dc4'))).toBe('remote');
  });

  it.each([
    [{ usedHostsPerRemoteDc: -1 }, /usedHostsPerRemoteDc must be an integer ≥ 0, got -1/],
    [{ usedHostsPerRemoteDc: 1.5 }, /usedHostsPerRemoteDc must be an integer ≥ 0, got 1.5/],
    [{ localDc: '' }, /localDc must be a data center name/],
  ])('rejects invalid options %p', (options, message) => {
    expect(() => new DCAwareRoundRobinPolicy(options)).toThrow(InvalidOptionsError);
    expect(() => new DCAwareRoundRobinPolicy(options)).toThrow(message);
  });
});
