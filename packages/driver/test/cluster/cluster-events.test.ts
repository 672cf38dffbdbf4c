/**
 * Server events on the control connection, against fake nodes: debounced schema refreshes,
 * topology changes, status changes, and the host state listeners.
 */
import { Cluster } from '../../src/cluster';
import type { Host } from '../../src/cluster/host';
import type { HostStateListener } from '../../src/cluster/host-registry';
import { AllowListPolicy } from '../../src/policies/load-balancing-host-filter';
import { RoundRobinPolicy } from '../../src/policies/load-balancing-round-robin';
import { Opcode } from '../../src/protocol/opcodes';
import { CapturedLog, eventually, int32, ringOptions, useFakeRing } from './cluster-fixture';
import { events } from '../fake-cql/fake-ring';

function recorder(): { calls: string[]; listener: HostStateListener } {
  const calls: string[] = [];
  const listener: HostStateListener = {
    onAdd: (h: Host) => calls.push(`add ${h.endpoint}`),
    onRemove: (h: Host) => calls.push(`remove ${h.endpoint}`),
    onUp: (h: Host) => calls.push(`up ${h.endpoint}`),
    onDown: (h: Host) => calls.push(`down ${h.endpoint}`),
  };
  return { calls, listener };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('server events', () => {
  const fake = useFakeRing(3, { perTest: true });
  const clusters = fake.clusters;

  it('collects schema events over the window and refreshes each changed element once', async () => {
    const cluster = clusters.add(
      new Cluster(ringOptions(fake.ring, new CapturedLog(), { schemaEventRefreshWindowMs: 200 })),
    );
    await cluster.connect();
    const control = fake.ring.nodes[0]!;
    const before = control.requestsOf(Opcode.QUERY, /FROM system_schema\.tables WHERE/).length;
    for (const table of ['a', 'b', 'c', 'a', 'b', 'c', 'a']) {
      control.pushEvent(events.schema('UPDATED', 'TABLE', 'ks', table));
    }
    await eventually(
      () => control.requestsOf(Opcode.QUERY, /FROM system_schema\.tables WHERE/).length > before,
    );
    await sleep(300);
    const refreshed = control.requestsOf(Opcode.QUERY, /FROM system_schema\.tables WHERE/).slice(before);
    expect(refreshed.map((r) => r.values![1]!.toString()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('ignores schema events with a negative window', async () => {
    const cluster = clusters.add(
      new Cluster(ringOptions(fake.ring, new CapturedLog(), { schemaEventRefreshWindowMs: -1 })),
    );
    await cluster.connect();
    const control = fake.ring.nodes[0]!;
    const before = control.requests.length;
    control.pushEvent(events.schema('UPDATED', 'TABLE', 'ks', 't'));
    await sleep(200);
    expect(control.requests.slice(before).filter((r) => /system_schema/.test(r.cql ?? ''))).toEqual([]);
  });

  it('follows a keyspace’s replication change in the token map', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    await cluster.connect();
    expect(cluster.getReplicas('ks', int32(1))).toHaveLength(1);
    const before = cluster.tokenMap;
    fake.ring.keyspaces.ks = {
      class: 'org.apache.cassandra.locator.SimpleStrategy',
      replication_factor: '2',
    };
    fake.ring.nodes[0]!.pushEvent(events.schema('UPDATED', 'KEYSPACE', 'ks'));
    await eventually(() => cluster.getReplicas('ks', int32(1)).length === 2, 2000, 'RF 2');
    expect(before.getReplicas('ks', int32(1))).toHaveLength(1); // old snapshots never change
    fake.ring.nodes[0]!.pushEvent(events.schema('DROPPED', 'KEYSPACE', 'ks'));
    await eventually(() => cluster.getReplicas('ks', int32(1)).length === 0, 2000, 'keyspace dropped');
  });

  it('adds a new node after TOPOLOGY_CHANGE NEW_NODE and opens a pool to it', async () => {
    const { calls, listener } = recorder();
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    cluster.addHostStateListener(listener);
    await cluster.connect();
    const fourth = await fake.ring.addNode({ rack: 'rack1' });
    fake.ring.nodes[0]!.pushEvent(events.topology('NEW_NODE', fourth.port));
    await eventually(() => cluster.hosts().length === 4, 2000, 'the new host');
    expect(calls).toContain(`add ${fourth.endpoint}`);
    await eventually(() => fourth.connectionCount > 0, 2000, 'a pool to the new node');
    expect(cluster.getClusterState().tokenMap.tokenCount).toBe(4);
  });

  it('removes a node after TOPOLOGY_CHANGE REMOVED_NODE and closes its pool', async () => {
    const { calls, listener } = recorder();
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    cluster.addHostStateListener(listener);
    await cluster.connect(undefined, { waitForAllPools: true });
    const third = fake.ring.nodes[2]!;
    expect(third.connectionCount).toBe(1);
    fake.ring.members = fake.ring.members.filter((n) => n !== third);
    fake.ring.nodes[0]!.pushEvent(events.topology('REMOVED_NODE', third.port));
    await eventually(() => cluster.hosts().length === 2, 2000, 'the host removed');
    expect(calls).toEqual([`remove ${third.endpoint}`]);
    await eventually(() => third.connectionCount === 0, 2000, 'its pool closed');
  });

  it('trusts STATUS_CHANGE DOWN only for hosts without open connections; UP brings them back', async () => {
    const { calls, listener } = recorder();
    const [first, second, third] = fake.ring.nodes as [
      (typeof fake.ring.nodes)[0],
      (typeof fake.ring.nodes)[0],
      (typeof fake.ring.nodes)[0],
    ];
    const cluster = clusters.add(
      new Cluster(
        ringOptions(fake.ring, new CapturedLog(), {
          // `third` is ignored: no pool, so only events tell its state.
          loadBalancingPolicy: new AllowListPolicy(new RoundRobinPolicy(), [first.endpoint, second.endpoint]),
        }),
      ),
    );
    cluster.addHostStateListener(listener);
    await cluster.connect(undefined, { waitForAllPools: true });
    first.pushEvent(events.status('DOWN', second.port)); // second has a live pool connection
    first.pushEvent(events.status('DOWN', third.port));
    await eventually(() => calls.length > 0, 2000, 'a status change');
    await sleep(100);
    expect(calls).toEqual([`down ${third.endpoint}`]);
    first.pushEvent(events.status('UP', third.port));
    await eventually(() => calls.length === 2, 2000, 'UP');
    expect(calls[1]).toBe(`up ${third.endpoint}`);
  });

  it('stops calling a listener once removed', async () => {
    const { calls, listener } = recorder();
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const remove = cluster.addHostStateListener(listener);
    await cluster.connect();
    remove();
    expect(cluster.removeHostStateListener(listener)).toBe(false);
    const fourth = await fake.ring.addNode();
    fake.ring.nodes[0]!.pushEvent(events.topology('NEW_NODE', fourth.port));
    await eventually(() => cluster.hosts().length === 4, 2000, 'the new host');
    expect(calls).toEqual([]);
  });
});
