/**
 * Cluster awareness against a real 3-node Cassandra (the `cluster` Jest project). The suites run
 * in this order in one file because they share the cluster and kill, pause and restart its nodes.
 */
import { Cluster } from '@cqlkit/driver';

import { discoverySuite } from './discovery.suite';
import { failoverSuite } from './failover.suite';
import { metadataSuite } from './metadata.suite';
import { migrationsAgreementSuite } from './migrations-agreement.suite';
import { mutualTlsSuite } from './mutual-tls.suite';
import { routingSuite } from './routing.suite';
import { schemaAgreementSuite } from './schema-agreement.suite';
import { scyllaSuite } from './scylla.suite';
import { pythonFaithfulnessSuite } from '../scylla/python-faithfulness';
import { startSimulator } from '../scylla/scylla-fixture';
import { ensureAllNodesUp, threeNodeOptions } from './three-node-cluster';

// Node restarts take 20–40 s on 2 cores.
jest.setTimeout(180_000);

describe('a 3-node cluster', () => {
  let resourcesBefore: string[] = [];

  beforeAll(async () => {
    await ensureAllNodesUp();
    resourcesBefore = process.getActiveResourcesInfo();
  });

  discoverySuite();
  mutualTlsSuite();
  routingSuite();
  scyllaSuite();
  pythonFaithfulnessSuite(() => startSimulator(42), 3);
  metadataSuite();
  schemaAgreementSuite();
  migrationsAgreementSuite();
  failoverSuite();

  it('leaves no socket or timer open after shutdown()', async () => {
    const cluster = new Cluster(threeNodeOptions());
    try {
      const session = await cluster.connect(undefined, { waitForAllPools: true });
      await session.execute("SELECT * FROM system.local WHERE key = 'local'");
    } finally {
      await cluster.shutdown();
    }
    await new Promise((resolve) => setImmediate(resolve));
    const count = (list: string[], kind: string): number => list.filter((r) => r === kind).length;
    const after = process.getActiveResourcesInfo();
    expect(count(after, 'TCPSocketWrap')).toBeLessThanOrEqual(count(resourcesBefore, 'TCPSocketWrap'));
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(resourcesBefore, 'Timeout'));
  });
});
