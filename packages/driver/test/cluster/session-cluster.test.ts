/**
 * A session reaches its cluster, as the Rust driver's `Session` does: cluster state, metrics,
 * metadata refresh, the default profile; schema agreement returns the agreed version.
 */
import { Cluster } from '../../src/cluster';
import { Consistency } from '../../src/consistency';
import { Opcode } from '../../src/protocol/opcodes';
import { Uuid } from '../../src/types';
import { CapturedLog, ringOptions, useFakeRing } from './cluster-fixture';

describe("a session's cluster", () => {
  const fake = useFakeRing(2, { perTest: true });
  const clusters = fake.clusters;

  it('gives the cluster state, metrics, the default profile and the cluster itself', async () => {
    const cluster = clusters.add(
      new Cluster(
        ringOptions(fake.ring, new CapturedLog(), {
          metrics: true,
          defaultProfile: { consistency: Consistency.QUORUM },
        }),
      ),
    );
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    expect(session.cluster).toBe(cluster);
    expect(
      session
        .getClusterState()
        .hosts.map((h) => h.endpoint)
        .sort(),
    ).toEqual(fake.ring.nodes.map((n) => n.endpoint).sort());
    await session.execute('SELECT * FROM ks.t');
    expect(session.metrics()?.requests).toBeGreaterThanOrEqual(1);
    expect(session.defaultProfile.consistency).toBe(Consistency.QUORUM);
  });

  it('refreshes the metadata on demand', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    const control = fake.ring.nodes[0]!;
    const before = control.requestsOf(Opcode.QUERY, /system_schema\.keyspaces/).length;
    const peersBefore = control.requestsOf(Opcode.QUERY, /system\.peers/).length;
    await session.refreshMetadata();
    expect(control.requestsOf(Opcode.QUERY, /system_schema\.keyspaces/).length).toBeGreaterThan(before);
    expect(control.requestsOf(Opcode.QUERY, /system\.peers/).length).toBeGreaterThan(peersBefore);
  });

  it('returns the agreed schema version, or null when the nodes disagree', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    const agreed = Uuid.parse('aaaaaaaa-0000-4000-8000-000000000000');
    expect(await session.checkSchemaAgreement()).toEqual(agreed);
    expect(await session.awaitSchemaAgreement()).toEqual(agreed);
    expect(await cluster.checkSchemaAgreement()).toEqual(agreed);
    expect(await cluster.awaitSchemaAgreement()).toEqual(agreed);
    fake.ring.nodes[1]!.info.schemaVersion = 'cccccccc-0000-4000-8000-000000000000';
    expect(await session.checkSchemaAgreement()).toBeNull();
    expect(await cluster.checkSchemaAgreement()).toBeNull();
  });
});
