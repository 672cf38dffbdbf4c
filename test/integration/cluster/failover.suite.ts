/**
 * Killing and restarting a node of the 3-node cluster: the node (here the control connection's)
 * is marked down, requests keep succeeding at ONE and QUORUM (RF 3), the control connection moves;
 * after the restart the node is marked up and its pool refills within the reconnection delay.
 */
import { ConstantReconnectionPolicy, Consistency, type Host } from '@cqlkit/driver';

import { endpointOf, openKeyspace, threeNodeLauncher, waitUntil } from './three-node-cluster';

/** Delay between reconnection attempts in this suite. */
const RECONNECT_DELAY_MS = 1000;

export function failoverSuite(): void {
  describe('a node dies and comes back', () => {
    let env: Awaited<ReturnType<typeof openKeyspace>>;
    const events: string[] = [];
    const killed = 1; // the control connection's node
    let killedIsDown = false;

    beforeAll(async () => {
      env = await openKeyspace('failover', 3, {
        reconnectionPolicy: new ConstantReconnectionPolicy(RECONNECT_DELAY_MS),
      });
      env.cluster.addHostStateListener({
        onDown: (h: Host) => events.push(`down ${h.endpoint}`),
        onUp: (h: Host) => events.push(`up ${h.endpoint}`),
      });
      await env.session.execute(`CREATE TABLE ${env.keyspace}.kv (k int PRIMARY KEY, v int)`);
    });

    afterAll(async () => {
      const status = await threeNodeLauncher().status();
      if (status.nodes.find((n) => n.index === killed)?.state === 'stopped') {
        await threeNodeLauncher().restartNode(killed);
      }
      await env?.close();
    });

    async function readAndWrite(consistency: Consistency, from: number): Promise<void> {
      const { session, keyspace } = env;
      const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
      const select = await session.prepare(`SELECT v FROM ${keyspace}.kv WHERE k = ?`);
      // Reads see the writes when the consistency levels overlap (QUORUM + QUORUM, ALL); at ONE
      // they only have to succeed.
      const readsOwnWrites = consistency !== Consistency.ONE;
      for (let k = from; k < from + 50; k++) {
        const write = await session.execute(insert, [k, k * 2], { consistency, idempotent: true });
        const rs = await session.execute<{ v: number }>(select, [k], { consistency, idempotent: true });
        if (readsOwnWrites) expect(rs.first()?.v).toBe(k * 2);
        if (killedIsDown) {
          expect(write.coordinator.endpoint).not.toBe(endpointOf(killed));
          expect(rs.coordinator.endpoint).not.toBe(endpointOf(killed));
        }
      }
    }

    it('marks the killed node down, moves the control connection and keeps serving ONE and QUORUM', async () => {
      const { cluster } = env;
      expect(cluster.getClusterState().controlHost?.endpoint).toBe(endpointOf(killed));
      await threeNodeLauncher().killNode(killed);
      await waitUntil(() => events.includes(`down ${endpointOf(killed)}`), 15_000, 'the node is marked down');
      const host = cluster.hosts().find((h) => h.endpoint === endpointOf(killed));
      expect(host?.isUp).toBe(false);
      killedIsDown = true;
      await waitUntil(
        () => {
          const control = cluster.getClusterState().controlHost;
          return control !== undefined && control.endpoint !== endpointOf(killed);
        },
        15_000,
        'the control connection moved to another node',
      );
      await readAndWrite(Consistency.ONE, 0);
      await readAndWrite(Consistency.QUORUM, 1000);
    });

    it('marks the restarted node up and refills its pool within the reconnection delay', async () => {
      const { cluster, session } = env;
      await threeNodeLauncher().restartNode(killed); // returns once the node is up and seen by the others
      killedIsDown = false;
      const waited = await waitUntil(
        () =>
          cluster.hosts().find((h) => h.endpoint === endpointOf(killed))?.isUp === true &&
          session.connectionCounts().get(endpointOf(killed)) === 1,
        15_000,
        'the node is up with a full pool',
      );
      // The UP event (status window 2 s) or the next scheduled attempt brings it back.
      expect(waited).toBeLessThanOrEqual(RECONNECT_DELAY_MS + 2000 + 2000);
      // Late gossip DOWN events may flap the state once more; it must end up.
      expect(events[0]).toBe(`down ${endpointOf(killed)}`);
      expect(events.at(-1)).toBe(`up ${endpointOf(killed)}`);
      const state = cluster.getClusterState();
      expect(state.hosts.every((h) => h.isUp && h.openConnections === 1)).toBe(true);
      await readAndWrite(Consistency.ALL, 2000);
    });
  });
}
