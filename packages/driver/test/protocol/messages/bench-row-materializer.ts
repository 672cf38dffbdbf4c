/**
 * Micro-benchmark of row materialization: 5 columns × 5000 rows (int, text, bigint, double,
 * boolean). Run with `npx tsx packages/driver/test/protocol/messages/bench-row-materializer.ts`.
 */
import { performance } from 'node:perf_hooks';
import {
  type CellDecoder,
  materializeRowArrays,
  materializeRowObjects,
} from '../../../src/protocol/messages/row-materializer';
import type { ColumnSpec } from '../../../src/protocol/messages/rows-metadata';

const ROWS = 5000;
const ITERATIONS = 400;

const columns: ColumnSpec[] = [
  { keyspace: 'ks', table: 't', name: 'id', type: { kind: 'int' } },
  { keyspace: 'ks', table: 't', name: 'name', type: { kind: 'text' } },
  { keyspace: 'ks', table: 't', name: 'total', type: { kind: 'bigint' } },
  { keyspace: 'ks', table: 't', name: 'score', type: { kind: 'double' } },
  { keyspace: 'ks', table: 't', name: 'active', type: { kind: 'boolean' } },
];

const decoders: CellDecoder[] = [
  (b, o) => b.readInt32BE(o),
  (b, o, n) => b.toString('utf8', o, o + n),
  (b, o) => b.readBigInt64BE(o),
  (b, o) => b.readDoubleBE(o),
  (b, o) => b[o] !== 0,
];

function buildBody(): Buffer {
  const parts: Buffer[] = [];
  for (let r = 0; r < ROWS; r++) {
    const cell = (bytes: Buffer): void => {
      const len = Buffer.alloc(4);
      len.writeInt32BE(bytes.length);
      parts.push(len, bytes);
    };
    const i = Buffer.alloc(4);
    i.writeInt32BE(r);
    cell(i);
    cell(Buffer.from(`user-${r}`));
    const l = Buffer.alloc(8);
    l.writeBigInt64BE(BigInt(r) * 1000n);
    cell(l);
    const d = Buffer.alloc(8);
    d.writeDoubleBE(r / 3);
    cell(d);
    cell(Buffer.from([r & 1]));
  }
  return Buffer.concat(parts);
}

function measure(label: string, run: () => unknown[]): void {
  for (let i = 0; i < 50; i++) run(); // warm-up
  const start = performance.now();
  let sink = 0;
  for (let i = 0; i < ITERATIONS; i++) sink += run().length;
  const ms = performance.now() - start;
  const usPerRow = (ms * 1000) / (ITERATIONS * ROWS);
  console.log(
    `${label}: ${usPerRow.toFixed(3)} µs/row (${(ms / ITERATIONS).toFixed(2)} ms per 5000-row page, ${sink} rows)`,
  );
}

const body = buildBody();
const metadata = { columns, columnCount: columns.length };
measure('objects', () => materializeRowObjects(metadata, body, 0, ROWS, decoders));
measure('arrays ', () => materializeRowArrays(metadata, body, 0, ROWS, decoders));
const noop: CellDecoder[] = columns.map(() => () => 0);
measure('objects, no-op decoders', () => materializeRowObjects(metadata, body, 0, ROWS, noop));
