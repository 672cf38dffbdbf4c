import { InvalidOptionsError } from '../../src/errors';
import { RoundRobinPolicy } from '../../src/policies/load-balancing-round-robin';
import { FakeCluster, host, ids, ObservedHost, take } from './fake-cluster';

describe('RoundRobinPolicy', () => {
  function initialised(hosts = [host(1), host(2), host(3)]) {
    const policy = new RoundRobinPolicy();
    policy.init(new FakeCluster(hosts));
    return { policy, hosts };
  }

  it('starts each plan one host further, listing every host once', () => {
    const { policy } = initialised();
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 2, 3]);
    expect(ids(policy.newQueryPlan({}))).toEqual([2, 3, 1]);
    expect(ids(policy.newQueryPlan({}))).toEqual([3, 1, 2]);
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 2, 3]);
  });

  it('skips down hosts', () => {
    const { policy, hosts } = initialised();
    hosts[1]!.setUp(false);
    policy.onDown(hosts[1]!);
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 3]);
    expect(ids(policy.newQueryPlan({}))).toEqual([3, 1]);
  });

  it('gives an empty plan when every host is down or none is known', () => {
    const { policy, hosts } = initialised([host(1)]);
    hosts[0]!.setUp(false);
    expect(ids(policy.newQueryPlan({}))).toEqual([]);
    expect(ids(initialised([]).policy.newQueryPlan({}))).toEqual([]);
  });

  it('looks at no host beyond the ones taken from the plan', () => {
    const observed = [1, 2, 3, 4].map((n) => new ObservedHost({ address: `10.0.0.${n}`, port: 9042 }));
    const policy = new RoundRobinPolicy();
    policy.init(new FakeCluster(observed));
    const plan = policy.newQueryPlan({});
    expect(observed.map((h) => h.isUpReads)).toEqual([0, 0, 0, 0]); // nothing computed yet
    expect(ids(take(plan, 1))).toEqual([1]);
    expect(observed.map((h) => h.isUpReads)).toEqual([1, 0, 0, 0]);
  });

  it('includes added hosts and drops removed ones from later plans', () => {
    const { policy, hosts } = initialised([host(1), host(2)]);
    policy.onAdd(host(3));
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([1, 2, 3]);
    policy.onRemove(hosts[0]!);
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([2, 3]);
  });

  it('adds a host it did not know when it comes up, once', () => {
    const { policy } = initialised([host(1)]);
    const late = host(2);
    policy.onUp(late);
    policy.onUp(late);
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([1, 2]);
  });

  it('keeps its snapshot for a plan already being iterated', () => {
    const { policy, hosts } = initialised();
    const plan = policy.newQueryPlan({})[Symbol.iterator]();
    expect(ids([plan.next().value!])).toEqual([1]);
    policy.onRemove(hosts[2]!);
    expect(ids({ [Symbol.iterator]: () => plan })).toEqual([2, 3]);
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([1, 2]);
  });

  it('puts every host at distance local', () => {
    const { policy, hosts } = initialised();
    expect(hosts.map((h) => policy.distance(h))).toEqual(['local', 'local', 'local']);
  });

  it('refuses to be initialised for a second cluster', () => {
    const policy = new RoundRobinPolicy();
    const cluster = new FakeCluster([host(1)]);
    policy.init(cluster);
    expect(() => policy.init(cluster)).not.toThrow();
    expect(() => policy.init(new FakeCluster([host(2)]))).toThrow(InvalidOptionsError);
    expect(() => policy.init(new FakeCluster([host(2)]))).toThrow(/one load-balancing policy per cluster/);
  });
});
