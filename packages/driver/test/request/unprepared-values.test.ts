/**
 * Unprepared statements with values whose CQL type the JavaScript value does not settle (a
 * `number` may be an int, a bigint, a float…): the driver learns the types from the server with
 * a PREPARE (cached in the session's one prepared cache) and binds with them. Hints and values
 * that settle their type still take one round trip (a QUERY).
 */
import { Cluster } from '../../src/cluster';
import { Opcode } from '../../src/protocol/opcodes';
import type { Session } from '../../src/session';
import { Tuple } from '../../src/types';
import { CapturedLog, int32, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { FakeRing, type FakeNode } from '../fake-cql/fake-ring';

// The fake node prepares every statement as `INSERT INTO ks.t (k, v) VALUES (?, ?)`: k int, v text.
const INSERT = 'INSERT INTO ks.t (k, v) VALUES (?, ?)';

describe('unprepared statements with values', () => {
  let ring: FakeRing;
  let node: FakeNode;
  let session: Session;
  const clusters = trackClusters();

  beforeAll(async () => {
    ring = await FakeRing.start(1);
    node = ring.nodes[0]!;
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    session = await cluster.connect();
  });

  afterAll(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  beforeEach(() => {
    node.requests.length = 0;
  });

  it('learn the types of numbers from the server once, then bind with them', async () => {
    await session.execute(INSERT, [1, 'a']);
    await session.execute(INSERT, [2, 'b']);
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(1);
    const executes = node.requestsOf(Opcode.EXECUTE);
    expect(executes.map((e) => e.values![0])).toEqual([int32(1), int32(2)]);
    expect(node.requestsOf(Opcode.QUERY, /INSERT/)).toHaveLength(0);
  });

  it('with named values too', async () => {
    await session.execute('INSERT INTO ks.t (k, v) VALUES (:k, :v)', { k: 3, v: 'c' });
    expect(node.requestsOf(Opcode.EXECUTE).at(-1)!.values![0]).toEqual(int32(3));
  });

  it('take one round trip when hints settle every number', async () => {
    await session.execute('INSERT INTO ks.t (k, v) VALUES (?, ?) -- hinted', [4, 'd'], { hints: ['int'] });
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(0);
    expect(node.requestsOf(Opcode.QUERY, /hinted/)[0]!.values![0]).toEqual(int32(4));
  });

  it('take one round trip when the values settle their types (text, uuid, bigint…)', async () => {
    await session.execute('UPDATE ks.t SET v = ? WHERE k = ? -- settled', ['e', 5n]);
    await session.execute('SELECT * FROM ks.t -- no values');
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(0);
    expect(node.requestsOf(Opcode.QUERY, /settled|no values/)).toHaveLength(2);
  });

  it('look inside collections, maps and tuples for numbers', async () => {
    // (The fake node prepares every text as (k int, v text): binding then fails, which is fine here.)
    const settle = (p: Promise<unknown>): Promise<unknown> => p.catch(() => undefined);
    await settle(session.execute('UPDATE ks.t SET l = ? WHERE k = 1 -- list', [['x', [1]]]));
    await settle(session.execute('UPDATE ks.t SET m = ? WHERE k = 1 -- map', [new Map([['a', 1]])]));
    await settle(session.execute('UPDATE ks.t SET tu = ? WHERE k = 1 -- tuple', [new Tuple('a', 1)]));
    await settle(session.execute('UPDATE ks.t SET s = ? WHERE k = 1 -- strings', [new Set(['a'])]));
    expect(node.requestsOf(Opcode.PREPARE).map((r) => r.cql)).toEqual([
      'UPDATE ks.t SET l = ? WHERE k = 1 -- list',
      'UPDATE ks.t SET m = ? WHERE k = 1 -- map',
      'UPDATE ks.t SET tu = ? WHERE k = 1 -- tuple',
    ]);
  });

  it('infer client-side with prepare: false (numbers as double, as cassandra-driver)', async () => {
    await session.execute('INSERT INTO ks.t (k, v) VALUES (?, ?) -- inferred', [6, 'f'], { prepare: false });
    expect(node.requestsOf(Opcode.PREPARE)).toHaveLength(0);
    const double = Buffer.alloc(8);
    double.writeDoubleBE(6);
    expect(node.requestsOf(Opcode.QUERY, /inferred/)[0]!.values![0]).toEqual(double);
  });

  it('in a batch too', async () => {
    await session.batch([{ query: 'INSERT INTO ks.t (k, v) VALUES (?, ?) -- batched', params: [7, 'g'] }]);
    expect(node.requestsOf(Opcode.PREPARE).map((r) => r.cql)).toEqual([
      'INSERT INTO ks.t (k, v) VALUES (?, ?) -- batched',
    ]);
    expect(node.requestsOf(Opcode.BATCH)).toHaveLength(1);
  });
});
