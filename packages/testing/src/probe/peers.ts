/**
 * Waiting until every node of a cluster lists the others in `system.peers` (asked over CQL), for
 * both engines. Holds no process or container handling.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { connectToNode, type CqlProbeOptions, type NodeConnection, peerAddresses } from './cql-probe';

/** What the wait needs to know about a node. */
export interface PeerNode {
  readonly index: number;
  readonly address: string;
}

/**
 * Waits until each node in `nodes` lists exactly the other nodes of `allNodes` in system.peers.
 *
 * @throws Error on timeout, with what each node listed
 */
export async function waitForPeers(
  nodes: readonly PeerNode[],
  allNodes: readonly PeerNode[],
  probe: CqlProbeOptions,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    nodes.map(async (node) => {
      const expected = allNodes
        .filter((n) => n.index !== node.index)
        .map((n) => n.address)
        .sort()
        .join(',');
      let seen = '';
      while (true) {
        let connection: NodeConnection | undefined;
        try {
          connection = await connectToNode(node.address, probe);
          seen = (await peerAddresses(connection)).join(',');
        } catch (error) {
          seen = `error: ${(error as Error).message}`;
        } finally {
          await connection?.close().catch(() => undefined);
        }
        if (seen === expected) return;
        if (Date.now() > deadline) {
          throw new Error(
            `node${node.index} system.peers lists [${seen}] instead of [${expected}] after ${timeoutMs / 1000} s`,
          );
        }
        await sleep(1000);
      }
    }),
  );
}
