import { Host } from '../../src/cluster/host';
import { InvalidOptionsError } from '../../src/errors';
import { AllowListPolicy, HostFilterPolicy } from '../../src/policies/load-balancing-host-filter';
import { RoundRobinPolicy } from '../../src/policies/load-balancing-round-robin';
import { TokenAwarePolicy } from '../../src/policies/load-balancing-token-aware';
import { CountingPolicy, FakeCluster, host, ids } from './fake-cluster';

const KEY = Buffer.from('pk');

describe('HostFilterPolicy', () => {
  const odd = (h: { address: string }) => Number(h.address.split('.')[3]) % 2 === 1;

  it('drops rejected hosts from plans and ignores them', () => {
    const hosts = [host(1), host(2), host(3)];
    const policy = new HostFilterPolicy(new CountingPolicy(hosts), odd);
    policy.init(new FakeCluster(hosts));
    expect(ids(policy.newQueryPlan({}))).toEqual([1, 3]);
    expect(hosts.map((h) => policy.distance(h))).toEqual(['local', 'ignored', 'local']);
  });

  it('shows the child a filtered cluster: hosts and replicas', () => {
    const hosts = [host(1), host(2), host(3)];
    const child = new CountingPolicy(hosts);
    const policy = new HostFilterPolicy(child, odd);
    policy.init(new FakeCluster(hosts, () => [hosts[1]!, hosts[2]!]));
    const view = child.initialisedWith!;
    expect(ids(view.hosts())).toEqual([1, 3]);
    expect(ids(view.getReplicas('ks', KEY))).toEqual([3]);
    expect(view.placesReplicas?.('ks')).toBe(true); // the plain fake cluster does not say: may place
    const placingChild = new CountingPolicy(hosts);
    new HostFilterPolicy(placingChild, odd).init({
      hosts: () => hosts,
      getReplicas: () => [],
      placesReplicas: (keyspace) => keyspace === 'ks',
    });
    const placing = placingChild.initialisedWith!;
    expect([placing.placesReplicas?.('ks'), placing.placesReplicas?.('x')]).toEqual([true, false]);
  });

  it('filters the replicas a token-aware child sees', () => {
    const hosts = [host(1), host(2), host(3)];
    const policy = new HostFilterPolicy(
      new TokenAwarePolicy(new RoundRobinPolicy(), { shuffleReplicas: false }),
      odd,
    );
    policy.init(new FakeCluster(hosts, () => [hosts[1]!, hosts[2]!]));
    expect(ids(policy.newQueryPlan({ keyspace: 'ks', routingKey: KEY }))).toEqual([3, 1]);
  });

  it('forwards events and contact points for accepted hosts only', () => {
    const hosts = [host(1), host(2)];
    const child = new CountingPolicy(hosts);
    const policy = new HostFilterPolicy(child, odd);
    for (const h of hosts) {
      policy.onAdd(h);
      policy.onUp(h);
      policy.onDown(h);
      policy.onRemove(h);
    }
    policy.useContactPoints(hosts);
    expect(child.events).toEqual([
      'add 10.0.0.1:9042',
      'up 10.0.0.1:9042',
      'down 10.0.0.1:9042',
      'remove 10.0.0.1:9042',
    ]);
    expect(ids(child.contactPoints!)).toEqual([1]);
  });

  it('can be initialised again for the same cluster, not for another', () => {
    const hosts = [host(1)];
    const cluster = new FakeCluster(hosts);
    const policy = new HostFilterPolicy(new RoundRobinPolicy(), () => true);
    policy.init(cluster);
    expect(() => policy.init(cluster)).not.toThrow();
    expect(() => policy.init(new FakeCluster(hosts))).toThrow(/HostFilterPolicy is already initialised/);
  });
});

describe('AllowListPolicy', () => {
  it('accepts hosts listed by endpoint or by bare address', () => {
    const hosts = [host(1), host(2), host(3), host(4)];
    const policy = new AllowListPolicy(new RoundRobinPolicy(), [
      '10.0.0.1:9042',
      '10.0.0.3',
      '10.0.0.4:9999',
    ]);
    policy.init(new FakeCluster(hosts));
    expect(ids(policy.newQueryPlan({})).sort()).toEqual([1, 3]);
    expect(hosts.map((h) => policy.distance(h))).toEqual(['local', 'ignored', 'local', 'ignored']);
  });

  it('matches IPv6 endpoints in bracket form', () => {
    const policy = new AllowListPolicy(new RoundRobinPolicy(), ['[::1]:9042']);
    expect(policy.distance(new Host({ address: '::1', port: 9042 }))).toBe('local');
    expect(policy.distance(new Host({ address: '::1', port: 9043 }))).toBe('ignored');
  });

  it('rejects an empty list', () => {
    expect(() => new AllowListPolicy(new RoundRobinPolicy(), [])).toThrow(InvalidOptionsError);
    expect(() => new AllowListPolicy(new RoundRobinPolicy(), [])).toThrow(/at least one endpoint/);
  });
});
