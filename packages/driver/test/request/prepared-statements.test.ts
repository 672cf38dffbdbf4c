/**
 * Preparing against fake nodes: the session's one prepared-statement cache (keyed by keyspace and
 * text), the CachingSession over it, and re-preparation on a host that comes back up.
 */
import { CachingSession } from '../../src/caching-session';
import { ByteWriter } from '../../src/binary/byte-writer';
import { Cluster } from '../../src/cluster';
import { ErrorCode, OperationTimedOutError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import {
  CapturedLog,
  eventually,
  ringOptions,
  stopAndAwaitDown,
  trackClusters,
} from '../cluster/cluster-fixture';
import { FakeRing, PREPARED_ID } from '../fake-cql/fake-ring';

const INSERT = 'INSERT INTO t (k, v) VALUES (?, ?)';

describe('prepared statements', () => {
  let ring: FakeRing;
  const clusters = trackClusters();

  afterEach(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  describe('CachingSession', () => {
    beforeEach(async () => {
      ring = await FakeRing.start(1);
    });

    it('prepares again after useKeyspace: a statement prepared in the old keyspace is not reused', async () => {
      const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
      const session = await cluster.connect('ks');
      const cached = new CachingSession(session);
      await cached.execute(INSERT, [1, 'a']);
      await cached.execute(INSERT, [2, 'b']);
      const node = ring.nodes[0]!;
      expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(1);
      await session.useKeyspace('other');
      await cached.execute(INSERT, [3, 'c']);
      expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(2);
      // and the statement of the new keyspace is the session's own
      const prepared = await session.prepare(INSERT);
      await cached.execute(INSERT, [4, 'd']);
      expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(2);
      expect(await session.prepare(INSERT)).toBe(prepared);
    });

    it('keeps the statement of each keyspace when the session moves back and forth', async () => {
      const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
      const session = await cluster.connect('ks');
      const cached = new CachingSession(session);
      const inKs = await session.prepare(INSERT);
      await session.useKeyspace('other');
      const inOther = await session.prepare(INSERT);
      expect(inOther).not.toBe(inKs);
      for (const keyspace of ['ks', 'other', 'ks', 'other']) {
        await session.useKeyspace(keyspace);
        await cached.execute(INSERT, [1, keyspace]);
        expect(await session.prepare(INSERT)).toBe(keyspace === 'ks' ? inKs : inOther);
      }
      expect(ring.nodes[0]!.requestsOf(Opcode.PREPARE)).toHaveLength(2);
    });

    it("keeps at most preparedCacheSize statements: the session's LRU", async () => {
      const cluster = clusters.add(
        new Cluster(ringOptions(ring, new CapturedLog(), { preparedCacheSize: 2 })),
      );
      const cached = new CachingSession(await cluster.connect('ks'));
      const node = ring.nodes[0]!;
      const texts = ['INSERT INTO a (k, v) VALUES (?, ?)', 'INSERT INTO b (k, v) VALUES (?, ?)'];
      for (const text of texts) await cached.execute(text, [1, 'x']);
      await cached.execute(texts[0]!, [1, 'x']); // a is now the most recently used
      expect(cached.size).toBe(2);
      await cached.execute('INSERT INTO c (k, v) VALUES (?, ?)', [1, 'x']); // evicts b
      expect(cached.size).toBe(2);
      await cached.execute(texts[0]!, [1, 'x']);
      expect(node.requestsOf(Opcode.PREPARE, /INTO a/)).toHaveLength(1);
      await cached.execute(texts[1]!, [1, 'x']);
      expect(node.requestsOf(Opcode.PREPARE, /INTO b/)).toHaveLength(2);
    });
  });

  describe('re-preparation on up', () => {
    it('re-preparing on a node that came back up and never answers ends with a timeout', async () => {
      ring = await FakeRing.start(2);
      const log = new CapturedLog();
      const cluster = clusters.add(
        new Cluster(
          ringOptions(ring, log, { prepareOnAllHosts: false, defaultProfile: { requestTimeoutMs: 300 } }),
        ),
      );
      const session = await cluster.connect(undefined, { waitForAllPools: true });
      await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
      const node = ring.nodes[1]!;
      await stopAndAwaitDown(cluster, node);
      const preparesBefore = node.requestsOf(Opcode.PREPARE).length;
      node.respond = (r) => (r.opcode === Opcode.PREPARE ? 'hang' : undefined);
      await node.start();
      await eventually(
        () => node.requestsOf(Opcode.PREPARE).length > preparesBefore,
        3000,
        're-prepare sent',
      );
      await eventually(() => log.warnings.some((w) => /re-preparing/.test(w)), 3000, 'the failure reported');
      expect(log.warnings.find((w) => /re-preparing/.test(w))).toMatch(
        new RegExp(
          `re-preparing 1 of 1 statement\\(s\\) on ${node.endpoint} .* PREPARE on ${node.endpoint} timed out after 300 ms`,
        ),
      );
      expect(session.load().inFlight).toBe(0); // the abandoned PREPARE is no longer in flight
    }, 10_000);
  });

  describe('re-preparation after UNPREPARED', () => {
    it('is abandoned at the deadline when the node never answers the PREPARE', async () => {
      ring = await FakeRing.start(1);
      const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
      const session = await cluster.connect();
      const insert = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
      const unprepared = Buffer.from(
        new ByteWriter()
          .writeInt(ErrorCode.UNPREPARED)
          .writeString('unknown')
          .writeShortBytes(PREPARED_ID)
          .finish(),
      );
      ring.nodes[0]!.respond = (r) =>
        r.opcode === Opcode.EXECUTE
          ? { opcode: Opcode.ERROR, body: unprepared }
          : r.opcode === Opcode.PREPARE
            ? 'hang'
            : undefined;
      const error = await session.execute(insert, [1, 'a'], { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationTimedOutError);
      expect(ring.nodes[0]!.requestsOf(Opcode.PREPARE)).toHaveLength(2);
      await eventually(
        () => session.load().inFlight === 0,
        2000,
        'the abandoned PREPARE no longer in flight',
      );
    }, 10_000);
  });
});
