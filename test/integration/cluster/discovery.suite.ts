/**
 * One contact point discovers all three nodes, with their data center, rack and tokens.
 */
import { AllowListPolicy, Cluster, RoundRobinPolicy } from '@cqlkit/driver';

import { balancedMurmur3Tokens } from '@cqlkit/testing';
import { endpointOf, threeNodeLauncher, threeNodeOptions } from './three-node-cluster';

export function discoverySuite(): void {
  describe('discovery', () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = new Cluster(threeNodeOptions());
      await cluster.connect(undefined, { waitForAllPools: true });
    });

    afterAll(async () => {
      await cluster?.shutdown();
    });

    it('finds the three nodes from one contact point, with DC, rack, tokens and version', async () => {
      const status = await threeNodeLauncher().status();
      const tokens = balancedMurmur3Tokens(3);
      const state = cluster.getClusterState();
      expect(state.hosts.map((h) => h.endpoint).sort()).toEqual([1, 2, 3].map(endpointOf));
      for (const node of [1, 2, 3]) {
        const host = state.hosts.find((h) => h.endpoint === endpointOf(node))!;
        expect(host).toMatchObject({
          datacenter: 'datacenter1',
          rack: 'rack1',
          releaseVersion: status.cassandraVersion,
          tokens: [tokens[node - 1]!.toString()],
          isUp: true,
          distance: 'local',
          openConnections: 1,
        });
        expect(host.hostId).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(new Set(state.hosts.map((h) => h.hostId)).size).toBe(3);
      expect(state.controlHost?.endpoint).toBe(endpointOf(1));
      expect(state.partitioner).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
      expect(state.tokenMap.tokenCount).toBe(3);
    });

    it('agrees with each node about its own host id', async () => {
      // Ask every node for system.local through a session pinned to it.
      for (const node of [1, 2, 3]) {
        const pinned = new Cluster(
          threeNodeOptions({
            loadBalancingPolicy: new AllowListPolicy(new RoundRobinPolicy(), [endpointOf(node)]),
          }),
        );
        try {
          const session = await pinned.connect();
          const rs = await session.execute<{ host_id: { toString(): string } }>(
            "SELECT host_id FROM system.local WHERE key = 'local'",
          );
          expect(rs.coordinator.endpoint).toBe(endpointOf(node));
          const host = cluster.hosts().find((h) => h.endpoint === endpointOf(node))!;
          expect(host.hostId).toBe(rs.first()!.host_id.toString());
        } finally {
          await pinned.shutdown();
        }
      }
    });
  });
}
