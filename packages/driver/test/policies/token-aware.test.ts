import type { Host } from '../../src/cluster/host';
import { Consistency } from '../../src/consistency';
import { DCAwareRoundRobinPolicy } from '../../src/policies/load-balancing-dc-aware';
import { defaultLoadBalancingPolicy } from '../../src/policies/load-balancing-default';
import { RoundRobinPolicy } from '../../src/policies/load-balancing-round-robin';
import { TokenAwarePolicy } from '../../src/policies/load-balancing-token-aware';
import { CountingPolicy, FakeCluster, host, ids, RecordingLogger, take } from './fake-cluster';

const KEY = Buffer.from('pk');

describe('TokenAwarePolicy', () => {
  // 1..5; replicas of every key in 'ks' are 3, 1, 4 (ring order).
  function setUp(shuffleReplicas = false, random?: () => number) {
    const hosts = [host(1), host(2), host(3), host(4), host(5)];
    const replicas = [hosts[2]!, hosts[0]!, hosts[3]!];
    const cluster = new FakeCluster(hosts, (keyspace) => (keyspace === 'ks' ? replicas : []));
    const child = new CountingPolicy(hosts);
    const policy = new TokenAwarePolicy(child, { shuffleReplicas, random });
    policy.init(cluster);
    return { policy, child, cluster, hosts, replicas };
  }

  it('lists the replicas first, then the rest of the child plan without duplicates', () => {
    const { policy } = setUp();
    expect(ids(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }))).toEqual([3, 1, 4, 2, 5]);
  });

  it('computes nothing beyond the first replica when only that one is taken', () => {
    const { policy, child, cluster } = setUp();
    const plan = policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY });
    // The replicas are looked up once, with the plan (a request always takes its first host).
    expect(cluster.replicaLookups).toBe(1);
    expect(ids(take(plan, 1))).toEqual([3]);
    expect(cluster.replicaLookups).toBe(1);
    expect(child.plansCreated).toBe(0);
    expect(child.hostsPulled).toBe(0);
  });

  it('pulls from the child plan only as far as the caller iterates', () => {
    const { policy, child } = setUp();
    expect(ids(take(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }), 4))).toEqual([3, 1, 4, 2]);
    expect(child.plansCreated).toBe(1);
    expect(child.hostsPulled).toBe(2); // host 1 (a replica, skipped) and host 2
  });

  it('neither hashes the key nor looks replicas up when the cluster cannot place replicas of the keyspace', () => {
    const hosts = [host(1), host(2)];
    const cluster = new FakeCluster(hosts, () => [hosts[1]!]);
    const view = {
      hosts: () => cluster.hosts(),
      getReplicas: cluster.getReplicas.bind(cluster),
      placesReplicas: (ks: string) => ks === 'ks',
    };
    const policy = new TokenAwarePolicy(new RoundRobinPolicy(), { shuffleReplicas: false });
    policy.init(view);
    let tokenReads = 0;
    const routing = (keyspace: string) => ({
      keyspace,
      get token(): bigint {
        tokenReads++;
        return 42n;
      },
    });
    expect(ids(policy.newQueryPlan(routing('other')))).toHaveLength(2);
    expect(tokenReads).toBe(0);
    expect(cluster.replicaLookups).toBe(0);
    expect(ids(policy.newQueryPlan(routing('ks')))[0]).toBe(2);
    expect(tokenReads).toBe(1);
  });

  it('uses the token when given, without needing a routing key', () => {
    const hosts = [host(1), host(2)];
    const seen: (Uint8Array | bigint)[] = [];
    const cluster = new FakeCluster(hosts, (_ks, key) => {
      seen.push(key);
      return [hosts[1]!];
    });
    const policy = new TokenAwarePolicy(new RoundRobinPolicy(), { shuffleReplicas: false });
    policy.init(cluster);
    expect(ids(policy.newQueryPlan({ keyspace: 'ks', token: 42n, routingKey: KEY }))).toEqual([2, 1]);
    expect(seen).toEqual([42n]);
  });

  it.each([
    ['no keyspace', { routingKey: KEY }],
    ['no routing key or token', { keyspace: 'ks' }],
  ])('returns the child plan unchanged with %s', (_label, info) => {
    const { policy, child, cluster } = setUp();
    expect(ids(policy.newQueryPlan(info))).toEqual([1, 2, 3, 4, 5]);
    expect(child.plansCreated).toBe(1);
    expect(cluster.replicaLookups).toBe(0);
  });

  it('falls back to the child plan when the keyspace has no known replicas', () => {
    const { policy } = setUp();
    expect(ids(policy.newQueryPlan({ keyspace: 'other', routingKey: KEY }))).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves down replicas to the child plan (which skips them if it skips down hosts)', () => {
    const { policy, replicas } = setUp();
    replicas[0]!.setUp(false);
    expect(ids(take(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }), 2))).toEqual([1, 4]);
  });

  it('shuffles the replicas: each comes first about as often', () => {
    const { policy } = setUp(true);
    const firsts = new Map<number, number>();
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      const [first] = ids(take(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }), 1));
      firsts.set(first!, (firsts.get(first!) ?? 0) + 1);
    }
    expect([...firsts.keys()].sort()).toEqual([1, 3, 4]);
    for (const count of firsts.values()) {
      // Expected 1000 each; 4.5 standard deviations (≈ 26) either way.
      expect(count).toBeGreaterThan(880);
      expect(count).toBeLessThan(1120);
    }
  });

  it('still lists each replica once, and the replicas before any other host, when shuffling', () => {
    const { policy } = setUp(true);
    for (let i = 0; i < 50; i++) {
      const plan = ids(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }));
      expect(plan.slice(0, 3).sort()).toEqual([1, 3, 4]);
      expect(plan.slice(3)).toEqual([2, 5]);
    }
  });

  it('shuffles reproducibly with an injected random source', () => {
    const seeded = () => {
      let state = 7;
      return () => (state = (state * 48271) % 2147483647) / 2147483647;
    };
    const a = setUp(true, seeded()).policy;
    const b = setUp(true, seeded()).policy;
    for (let i = 0; i < 10; i++) {
      expect(ids(a.newQueryPlan({ keyspace: 'ks', routingKey: KEY }))).toEqual(
        ids(b.newQueryPlan({ keyspace: 'ks', routingKey: KEY })),
      );
    }
  });

  it.each([
    ['an LWT statement', { isLwt: true }],
    ['SERIAL consistency', { consistency: Consistency.SERIAL }],
    ['LOCAL_SERIAL consistency', { consistency: Consistency.LOCAL_SERIAL }],
  ])('keeps the ring order of replicas for %s even when shuffling', (_label, extra) => {
    const { policy } = setUp(true, () => 0.999);
    for (let i = 0; i < 20; i++) {
      expect(ids(take(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY, ...extra }), 3))).toEqual([
        3, 1, 4,
      ]);
    }
  });

  it('puts only local-DC replicas first with a DC-aware child', () => {
    // dc1: 1, 2, 3   dc2: 4, 5; replicas: 4 (dc2), 2 (dc1), 5 (dc2), 3 (dc1)
    const hosts = [host(1, 'dc1'), host(2, 'dc1'), host(3, 'dc1'), host(4, 'dc2'), host(5, 'dc2')];
    const replicas: Host[] = [hosts[3]!, hosts[1]!, hosts[4]!, hosts[2]!];
    const policy = new TokenAwarePolicy(
      new DCAwareRoundRobinPolicy({ localDc: 'dc1', usedHostsPerRemoteDc: 1 }),
      {
        shuffleReplicas: false,
      },
    );
    policy.init(new FakeCluster(hosts, () => replicas));
    expect(ids(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }))).toEqual([2, 3, 1, 4]);
    expect(policy.distance(hosts[3]!)).toBe('remote');
    expect(policy.distance(hosts[4]!)).toBe('ignored');
  });

  it('forwards contact points, host events and init to the child', () => {
    const { child, cluster, hosts } = setUp();
    const policy = new TokenAwarePolicy(child);
    policy.useContactPoints([hosts[0]!]);
    policy.init(cluster);
    policy.onAdd(hosts[0]!);
    policy.onUp(hosts[1]!);
    policy.onDown(hosts[2]!);
    policy.onRemove(hosts[3]!);
    expect(child.contactPoints).toEqual([hosts[0]]);
    expect(child.initialisedWith).toBe(cluster);
    expect(child.events).toEqual([
      'add 10.0.0.1:9042',
      'up 10.0.0.2:9042',
      'down 10.0.0.3:9042',
      'remove 10.0.0.4:9042',
    ]);
  });
});

describe('defaultLoadBalancingPolicy', () => {
  it('is token-aware over DC-aware round robin in the given data center', () => {
    const hosts = [host(1, 'dc1'), host(2, 'dc1'), host(3, 'dc2')];
    const policy = defaultLoadBalancingPolicy('dc1');
    expect(policy).toBeInstanceOf(TokenAwarePolicy);
    expect((policy as TokenAwarePolicy).child).toBeInstanceOf(DCAwareRoundRobinPolicy);
    policy.init(new FakeCluster(hosts, () => [hosts[2]!, hosts[1]!]));
    expect(ids(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }))).toEqual([2, 1]);
    expect(policy.distance(hosts[2]!)).toBe('ignored');
  });

  it('infers the data center from the contact points when none is given', () => {
    const logger = new RecordingLogger();
    const hosts = [host(1, 'dc1'), host(2, 'dc2')];
    const policy = defaultLoadBalancingPolicy(undefined, logger);
    policy.useContactPoints?.([hosts[1]!]);
    policy.init(new FakeCluster(hosts));
    expect(ids(policy.newQueryPlan({}))).toEqual([2]);
    expect(logger.warnings).toHaveLength(1);
  });
});
