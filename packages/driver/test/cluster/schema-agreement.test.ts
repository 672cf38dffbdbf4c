/**
 * Schema agreement against fake nodes: after DDL, on demand, with a straggler, when turned off.
 */
import { Cluster } from '../../src/cluster';
import { InvalidOptionsError, SchemaAgreementError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { Uuid } from '../../src/types';
import { CapturedLog, eventually, ringOptions, useFakeRing } from './cluster-fixture';

describe('schema agreement', () => {
  const fake = useFakeRing(3, { perTest: true });
  const clusters = fake.clusters;

  it('waits for agreement after a DDL statement, then refreshes what changed', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    const control = fake.ring.nodes[0]!;
    const rs = await session.execute(
      "CREATE KEYSPACE ks_created WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    );
    expect(rs.schemaChange).toEqual({ change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks_created' });
    expect(rs.schemaInAgreement).toBe(true);
    // Refreshed before the statement's promise resolved.
    const refresh = control.requestsOf(Opcode.QUERY, /FROM system_schema\.keyspaces WHERE/);
    expect(refresh.map((r) => r.values![0]!.toString())).toContain('ks_created');
    const agreed = Uuid.parse(control.info.schemaVersion);
    expect(await cluster.checkSchemaAgreement()).toEqual(agreed);
    expect(await session.checkSchemaAgreement()).toEqual(agreed);
  });

  it('reports no agreement when a node keeps another version, naming each node’s version', async () => {
    fake.ring.propagateSchema = false;
    const log = new CapturedLog();
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, log, { maxSchemaAgreementWaitMs: 300 })));
    const session = await cluster.connect();
    const started = Date.now();
    const rs = await session.execute('CREATE TABLE ks.t2 (k int PRIMARY KEY)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(rs.schemaInAgreement).toBe(false);
    expect(log.warnings.some((w) => /did not agree on the schema within 300 ms/.test(w))).toBe(true);
    expect(await cluster.checkSchemaAgreement()).toBeNull();

    const error = await cluster.awaitSchemaAgreement({ timeoutMs: 250 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaAgreementError);
    const versions = (error as SchemaAgreementError).versions;
    expect([...versions.keys()].sort()).toEqual(fake.ring.nodes.map((n) => n.endpoint).sort());
    expect(new Set(versions.values()).size).toBe(2);
    for (const node of fake.ring.nodes) {
      expect((error as Error).message).toContain(`${node.endpoint}: ${node.info.schemaVersion}`);
    }
    await expect(session.awaitSchemaAgreement({ timeoutMs: 100 })).rejects.toBeInstanceOf(
      SchemaAgreementError,
    );
  });

  it('leaves nodes the driver considers down out of the agreement', async () => {
    fake.ring.propagateSchema = false;
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    // The coordinator and the control node move to a new version; node 3 stays behind, then dies.
    fake.ring.nodes[1]!.info.schemaVersion = fake.ring.nodes[0]!.info.schemaVersion =
      'cccccccc-0000-4000-8000-000000000000';
    expect(await cluster.checkSchemaAgreement()).toBeNull();
    await fake.ring.nodes[2]!.stop();
    await eventually(
      () => cluster.hosts().find((h) => h.endpoint === fake.ring.nodes[2]!.endpoint)?.isUp === false,
    );
    const agreed = Uuid.parse('cccccccc-0000-4000-8000-000000000000');
    expect(await cluster.checkSchemaAgreement()).toEqual(agreed);
    await expect(session.awaitSchemaAgreement({ timeoutMs: 500 })).resolves.toEqual(agreed);
  });

  it('does not wait with maxSchemaAgreementWaitMs ≤ 0 (schemaInAgreement is false)', async () => {
    fake.ring.propagateSchema = false;
    const cluster = clusters.add(
      new Cluster(ringOptions(fake.ring, new CapturedLog(), { maxSchemaAgreementWaitMs: 0 })),
    );
    const session = await cluster.connect();
    const control = fake.ring.nodes[0]!;
    const localQueries = control.requestsOf(Opcode.QUERY, /SELECT schema_version FROM system\.local/).length;
    const rs = await session.execute('CREATE TABLE ks.t3 (k int PRIMARY KEY)');
    expect(rs.schemaInAgreement).toBe(false);
    expect(control.requestsOf(Opcode.QUERY, /SELECT schema_version FROM system\.local/).length).toBe(
      localQueries,
    );
  });

  it('rejects an invalid timeout before querying', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    await expect(cluster.awaitSchemaAgreement({ timeoutMs: -5 })).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(session.awaitSchemaAgreement({ timeoutMs: Number.NaN })).rejects.toBeInstanceOf(
      InvalidOptionsError,
    );
  });
});
