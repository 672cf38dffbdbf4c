/**
 * A statement prepared without an explicit keyspace is prepared in the session's keyspace of the
 * moment. After `session.useKeyspace()` its connections are in another keyspace: a re-prepare
 * there (after UNPREPARED, or on a host coming up) must not silently prepare it in the new
 * keyspace. On protocol v5 the re-prepare names the original keyspace; on v3/v4, which cannot, the
 * request fails with KeyspaceMismatchError (as the Python driver does) instead of running against
 * the other keyspace's table.
 */
import { ByteWriter } from '../../src/binary/byte-writer';
import { Cluster } from '../../src/cluster';
import { KeyspaceMismatchError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { CapturedLog, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { FakeRing, PREPARED_ID, type FakeNode } from '../fake-cql/fake-ring';

/** An UNPREPARED error body for the fake nodes' statement id. */
function unprepared(): { opcode: number; body: Buffer } {
  const w = new ByteWriter();
  w.writeInt(0x2500).writeString('Prepared query with ID … not found').writeShortBytes(PREPARED_ID);
  return { opcode: Opcode.ERROR, body: Buffer.from(w.finish()) };
}

describe('re-preparing after the session changed keyspace (protocol v4)', () => {
  let ring: FakeRing;
  let node: FakeNode;
  const clusters = trackClusters();

  beforeEach(async () => {
    ring = await FakeRing.start(1);
    node = ring.nodes[0]!;
  });

  afterEach(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  /** The node answers the next EXECUTE with UNPREPARED. */
  function forgetOnce(): void {
    let done = false;
    node.respond = (r) => {
      if (r.opcode !== Opcode.EXECUTE || done) return undefined;
      done = true;
      return unprepared();
    };
  }

  it('re-prepares in place while the session stays in the keyspace it was prepared in', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    const session = await cluster.connect('ks');
    const insert = await session.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    forgetOnce();
    await session.execute(insert, [1, 'a']);
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(2);
  });

  it('refuses to re-prepare in the keyspace the session switched to', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    const session = await cluster.connect('ks');
    const insert = await session.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    await session.useKeyspace('other');
    forgetOnce();
    const error = await session.execute(insert, [1, 'a']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyspaceMismatchError);
    expect((error as Error).message).toMatch(
      /prepared in keyspace 'ks'.*session's keyspace is now 'other'.*protocol v4/,
    );
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(1); // never prepared in 'other'
  });

  it('leaves such statements out when re-preparing on a host that comes up', async () => {
    const log = new CapturedLog();
    const cluster = clusters.add(new Cluster(ringOptions(ring, log)));
    const session = await cluster.connect('ks');
    await session.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    await session.useKeyspace('other');
    await session.prepare('SELECT * FROM t2');
    node.requests.length = 0;
    await node.stop();
    await node.start();
    const deadline = Date.now() + 5000;
    while (node.requestsOf(Opcode.PREPARE).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(node.requestsOf(Opcode.PREPARE).map((r) => r.cql)).toEqual(['SELECT * FROM t2']);
  });
});
