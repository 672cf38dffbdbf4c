/**
 * Schema agreement on 3 nodes: with one node frozen (SIGSTOP), a DDL statement's agreement wait
 * times out and says so, and awaitSchemaAgreement() fails naming each node's schema version;
 * after the node resumes, the nodes agree again.
 */
import {
  Cluster,
  RoundRobinPolicy,
  SchemaAgreementError,
  type ClusterView,
  type Host,
  type HostDistance,
  type LoadBalancingPolicy,
  type RoutingInfo,
} from '@cqlkit/driver';

import { uniqueKeyspaceName } from '@cqlkit/testing';
import { endpointOf, threeNodeLauncher, threeNodeOptions } from './three-node-cluster';

const FROZEN = 3;
const AGREEMENT_WAIT_MS = 3000;

/**
 * Keeps pools to every node (a frozen node keeps its open connections, so its DOWN event is not
 * trusted and it stays in the agreement) but never sends requests to `avoided`.
 */
export class AvoidingPolicy implements LoadBalancingPolicy {
  private readonly child = new RoundRobinPolicy();
  constructor(private readonly avoided: string) {}
  init(cluster: ClusterView): void {
    this.child.init(cluster);
  }
  distance(_host: Host): HostDistance {
    return 'local';
  }
  *newQueryPlan(info: RoutingInfo): Iterable<Host> {
    for (const host of this.child.newQueryPlan(info)) if (host.endpoint !== this.avoided) yield host;
  }
  onAdd(host: Host): void {
    this.child.onAdd(host);
  }
  onRemove(host: Host): void {
    this.child.onRemove(host);
  }
  onUp(host: Host): void {
    this.child.onUp(host);
  }
  onDown(host: Host): void {
    this.child.onDown(host);
  }
}

export function schemaAgreementSuite(): void {
  describe('schema agreement with a frozen node', () => {
    let cluster: Cluster;
    const keyspace = uniqueKeyspaceName('agree');

    beforeAll(async () => {
      cluster = new Cluster(
        threeNodeOptions({
          loadBalancingPolicy: new AvoidingPolicy(endpointOf(FROZEN)),
          maxSchemaAgreementWaitMs: AGREEMENT_WAIT_MS,
        }),
      );
      const session = await cluster.connect(undefined, { waitForAllPools: true });
      await session.execute(
        `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}`,
      );
      // The DDL's own wait is short (AGREEMENT_WAIT_MS): on a busy machine the nodes may agree only
      // later, and the test below starts from agreement.
      await cluster.awaitSchemaAgreement({ timeoutMs: 60_000 });
    });

    afterAll(async () => {
      const launcher = threeNodeLauncher();
      if ((await launcher.status()).nodes.find((n) => n.index === FROZEN)?.state === 'paused') {
        await launcher.resumeNode(FROZEN);
      }
      try {
        const session = await cluster.connect();
        await session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster?.shutdown();
      }
    });

    it('times out a DDL statement’s wait and names each node’s version', async () => {
      const session = await cluster.connect();
      expect(await cluster.checkSchemaAgreement()).not.toBeNull();
      await threeNodeLauncher().pauseNode(FROZEN);
      try {
        const started = Date.now();
        const rs = await session.execute(`CREATE TABLE ${keyspace}.t (k int PRIMARY KEY)`);
        expect(Date.now() - started).toBeGreaterThanOrEqual(AGREEMENT_WAIT_MS - 100);
        expect(rs.schemaChange).toMatchObject({ change: 'CREATED', target: 'TABLE', name: 't' });
        expect(rs.schemaInAgreement).toBe(false);
        // The metadata is refreshed anyway.
        expect(cluster.schema.keyspace(keyspace)?.table('t')).toBeDefined();

        const error = await cluster.awaitSchemaAgreement({ timeoutMs: 1500 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SchemaAgreementError);
        const versions = (error as SchemaAgreementError).versions;
        expect([...versions.keys()].sort()).toEqual([1, 2, 3].map(endpointOf));
        const frozenVersion = versions.get(endpointOf(FROZEN));
        expect(versions.get(endpointOf(1))).toBe(versions.get(endpointOf(2)));
        expect(frozenVersion).not.toBe(versions.get(endpointOf(1)));
        expect((error as Error).message).toContain(`${endpointOf(FROZEN)}: ${frozenVersion}`);
        expect((error as Error).message).toMatch(/did not agree on the schema within 1500 ms/);
      } finally {
        await threeNodeLauncher().resumeNode(FROZEN);
      }
    });

    it('agrees again once the node resumes', async () => {
      const agreed = await cluster.awaitSchemaAgreement({ timeoutMs: 60_000 });
      expect(await cluster.checkSchemaAgreement()).toEqual(agreed);
    });
  });
}
