/**
 * What a ResultSet says about its answer (warnings, paging state, coordinator, columns) when
 * answers alternate between plain and prefixed, rows and void, nodes and statements: plain answers
 * share what they can, and nothing of one answer may leak into another.
 */
import { Cluster } from '../../src/cluster';
import { ByteWriter } from '../../src/binary/byte-writer';
import { EnvelopeFlag, Opcode } from '../../src/protocol/opcodes';
import type { Session } from '../../src/session';
import { CapturedLog, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { VOID_RESULT } from '../fake-cql/fake-cql-server';
import { FakeRing, rowsBody, type FakeNode } from '../fake-cql/fake-ring';

type Answer = { opcode: number; body: Buffer; flags?: number };

const AB = rowsBody(
  [
    { name: 'a', type: 'int' },
    { name: 'b', type: 'text' },
  ],
  [{ a: 1, b: 'x' }],
);
const C = rowsBody([{ name: 'c', type: 'int' }], [{ c: 7 }]);

function warned(body: Buffer, ...warnings: string[]): Answer {
  const prefix = new ByteWriter().writeStringList(warnings).finish();
  return { opcode: Opcode.RESULT, body: Buffer.concat([prefix, body]), flags: EnvelopeFlag.WARNING };
}

/** A Rows body of {@link C}'s columns with Has_more_pages and `state`. */
function withPagingState(state: Buffer): Buffer {
  const w = new ByteWriter();
  w.writeInt(2)
    .writeInt(0x0001 | 0x0002)
    .writeInt(1)
    .writeBytes(state);
  w.writeString('system').writeString('t').writeString('c').writeShort(0x0009);
  w.writeInt(1).writeBytes(Buffer.from([0, 0, 0, 8]));
  return Buffer.from(w.finish());
}

describe('ResultSet page info across answers', () => {
  let ring: FakeRing;
  let session: Session;
  const clusters = trackClusters();
  /** The answers the next requests get, in order (whichever node they go to). */
  const queue: Answer[] = [];
  /** The node that answered each request, in order. */
  const answeredBy: FakeNode[] = [];

  beforeAll(async () => {
    ring = await FakeRing.start(2);
    for (const node of ring.nodes) {
      node.respond = (request) => {
        if (request.opcode !== Opcode.QUERY || !/FROM app\./.test(request.cql ?? '')) return undefined;
        answeredBy.push(node);
        return queue.shift();
      };
    }
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    session = await cluster.connect();
  });

  afterAll(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  async function run(...answers: Answer[]) {
    queue.push(...answers);
    answeredBy.length = 0;
    const results = [];
    for (let i = 0; i < answers.length; i++) results.push(await session.execute('SELECT * FROM app.t'));
    return results;
  }

  const rows = (body: Buffer): Answer => ({ opcode: Opcode.RESULT, body });

  it('gives each answer its own warnings, paging state and columns', async () => {
    const state = Buffer.from([1, 2, 3]);
    const [plain, warn, again, paged, last, done, voidWarned, voidPlain] = await run(
      rows(AB),
      warned(AB, 'w1'),
      rows(AB),
      rows(withPagingState(state)),
      rows(C),
      rows(AB),
      warned(VOID_RESULT, 'w2'),
      rows(VOID_RESULT),
    );
    expect(plain!.warnings).toEqual([]);
    expect(warn!.warnings).toEqual(['w1']);
    expect(again!.warnings).toEqual([]);
    expect(again!.rows).toEqual([{ a: 1, b: 'x' }]);
    expect(again!.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(again!.hasMorePages).toBe(false);
    expect(paged!.pagingState).toEqual(state);
    expect(paged!.hasMorePages).toBe(true);
    expect(last!.pagingState).toBeUndefined();
    expect(last!.columns.map((c) => c.name)).toEqual(['c']);
    expect(last!.rows).toEqual([{ c: 7 }]);
    expect(done!.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(voidWarned!.warnings).toEqual(['w2']);
    expect(voidPlain!.warnings).toEqual([]);
    expect(voidPlain!.columns).toEqual([]);
    expect(voidPlain!.rows).toEqual([]);
  });

  it('names the node that answered each request, for rows and void results alike', async () => {
    const results = await run(rows(AB), rows(AB), rows(AB), rows(AB), rows(VOID_RESULT), rows(VOID_RESULT));
    expect(new Set(answeredBy).size).toBe(2); // both nodes served (round robin)
    results.forEach((rs, i) => expect(rs.coordinator.endpoint).toBe(answeredBy[i]!.endpoint));
  });
});
