/**
 * Memory kept after wide results: results whose column names weigh a megabyte each must not stay
 * in the driver's caches (column-spec sections, row walkers) or in generated code once the cluster
 * is shut down. Measured as heap retained after a full GC, against a bound far below what the
 * names weigh.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Cluster } from '../../src/cluster';
import { Opcode } from '../../src/protocol/opcodes';
import { CapturedLog, ringOptions } from './cluster-fixture';
import { ByteWriter } from '../../src/binary/byte-writer';
import { FakeRing, rowsBody, type FakeColumn } from '../fake-cql/fake-ring';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const RESULTS = 20;
const COLUMNS = 1024;
const NAME_LENGTH = 512; // 512 KiB of names per result

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

describe('wide results', () => {
  it('leave neither cache entries nor generated code behind after shutdown()', async () => {
    const ring = await FakeRing.start(1);
    let served = 0;
    ring.nodes[0]!.respond = (request) => {
      if (!/^SELECT wide/.test(request.cql ?? '')) return undefined;
      served++;
      const columns: FakeColumn[] = Array.from({ length: COLUMNS }, (_, i) => ({
        name: `r${served}_c${i}_`.padEnd(NAME_LENGTH, 'x'),
        type: 'int',
      }));
      if (request.opcode === Opcode.PREPARE) {
        return { opcode: Opcode.RESULT, body: preparedBody(served, columns) };
      }
      const row = Object.fromEntries(columns.map((c, i) => [c.name, i]));
      return { opcode: Opcode.RESULT, body: rowsBody(columns, [row]) };
    };
    // A first cluster warms up everything that is loaded once (modules, codecs of system tables).
    const warm = new Cluster(ringOptions(ring, new CapturedLog()));
    await (await warm.connect()).execute('SELECT 1');
    await warm.shutdown();
    const before = await settledHeap();

    const cluster = new Cluster(ringOptions(ring, new CapturedLog()));
    const session = await cluster.connect();
    for (let i = 0; i < RESULTS; i++) {
      const rs = await session.execute(`SELECT wide ${i}`);
      expect(Object.keys(rs.first() ?? {})).toHaveLength(COLUMNS);
    }
    // Prepared statements whose result metadata is as wide, kept by the session's cache.
    for (let i = 0; i < RESULTS / 2; i++) {
      const prepared = await session.prepare(`SELECT wide prepared ${i}`);
      expect(prepared.resultColumns).toHaveLength(COLUMNS);
    }
    await cluster.shutdown();
    await ring.stop();
    const retainedMiB = ((await settledHeap()) - before) / 2 ** 20;
    // The names alone weigh 1.5 × RESULTS × 0.5 MiB = 15 MiB (twice that as UTF-16 strings); the
    // cluster and its session are still referenced.
    expect(session).toBeDefined();
    expect(retainedMiB).toBeLessThan(4);
  });
});

/** A v4 PREPARED body without bind markers whose result metadata has `columns` (all int). */
function preparedBody(id: number, columns: readonly FakeColumn[]): Buffer {
  const w = new ByteWriter();
  w.writeInt(4).writeShortBytes(Buffer.from([0xaa, id & 0xff, id >> 8]));
  w.writeInt(0).writeInt(0).writeInt(0); // bind metadata: no flags, no markers, no partition key
  w.writeInt(0x0001).writeInt(columns.length).writeString('ks').writeString('wide');
  for (const c of columns) w.writeString(c.name).writeShort(0x0009);
  return Buffer.from(w.finish());
}
