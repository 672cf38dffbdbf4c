import { DriverError, ProtocolDecodeError } from '../../../src/errors';
import {
  type CellDecoder,
  clearRowWalkers,
  materializeRowArrays,
  materializeRowChunk,
  materializeRowObjects,
  rowChunkEnd,
  rowWalkerCacheChars,
} from '../../../src/protocol/messages/row-materializer';
import type { ColumnSpec } from '../../../src/protocol/messages/rows-metadata';
import { bytes, int, value } from './wire';

function spec(name: string): ColumnSpec {
  return { keyspace: 'ks', table: 't', name, type: { kind: 'blob' } };
}

function metadataOf(...names: string[]): { columns: ColumnSpec[]; columnCount: number } {
  return { columns: names.map(spec), columnCount: names.length };
}

const intCell: CellDecoder = (b, o) => b.readInt32BE(o);
const textCell: CellDecoder = (b, o, n) => b.toString('utf8', o, o + n);

// Two rows of (id int, name text); the second name is null.
const content = bytes(value([0, 0, 0, 1]), value(Buffer.from('ann')), value([0, 0, 0, 2]), value(null));

describe('materializeRowObjects', () => {
  it('builds one object per row keyed by column name, with null cells as null', () => {
    const rows = materializeRowObjects(metadataOf('id', 'name'), content, 0, 2, [intCell, textCell]);
    expect(rows).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: null },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'name']);
  });

  it('gives decoders the body itself with the cell offset and length, and skips null cells', () => {
    const prefix = Buffer.from([0xff, 0xff, 0xff]);
    const body = bytes(prefix, content);
    const calls: Array<[Buffer, number, number]> = [];
    const record: CellDecoder = (b, o, n) => {
      calls.push([b, o, n]);
      return n;
    };
    materializeRowObjects(metadataOf('id', 'name'), body, prefix.length, 2, [record, record]);
    expect(calls).toEqual([
      [body, 3 + 4, 4],
      [body, 3 + 8 + 4, 3],
      [body, 3 + 15 + 4, 4],
    ]);
  });

  it('passes empty (zero-length) cells to the decoder', () => {
    const rows = materializeRowObjects(metadataOf('b'), value([]), 0, 1, [(_b, _o, n) => `len=${n}`]);
    expect(rows).toEqual([{ b: 'len=0' }]);
  });

  it('returns no rows for a zero row count', () => {
    expect(materializeRowObjects(metadataOf('a'), Buffer.alloc(0), 0, 0, [intCell])).toEqual([]);
  });

  it('keeps the last value for duplicate column names', () => {
    const rows = materializeRowObjects(
      metadataOf('a', 'a'),
      bytes(value([0, 0, 0, 1]), value([0, 0, 0, 2])),
      0,
      1,
      [intCell, intCell],
    );
    expect(rows).toEqual([{ a: 2 }]);
  });

  it('treats hostile column names as plain keys', () => {
    const names = ['__proto__', 'constructor', '"); throw new Error("x', 'a\u2028b', 'ünï'];
    const cells = bytes(...names.map((_, i) => value([0, 0, 0, i])));
    const [row] = materializeRowObjects(
      metadataOf(...names),
      cells,
      0,
      1,
      names.map(() => intCell),
    );
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row!)).toEqual(names);
    names.forEach((name, i) => expect(Object.getOwnPropertyDescriptor(row, name)?.value).toBe(i));
  });

  it('handles wide rows', () => {
    const names = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const cells = bytes(...names.map((_, i) => value([0, 0, 0, i & 0xff])));
    const [row] = materializeRowObjects(
      metadataOf(...names),
      cells,
      0,
      1,
      names.map(() => intCell),
    );
    expect(row!.c299).toBe(299 & 0xff);
  });

  it('builds rows too wide for generated code the same way (hostile names, duplicates, bounds)', () => {
    const names = Array.from({ length: 200 }, (_, i) => `c${i}`);
    names[3] = '__proto__';
    names[7] = 'c199'; // a duplicate: the last column wins
    names[9] = 'n'.repeat(5000);
    const cells = bytes(...names.map((_, i) => value(i === 5 ? null : [0, 0, 0, i & 0xff])));
    const decoders = names.map(() => intCell);
    const [row] = materializeRowObjects(metadataOf(...names), cells, 0, 1, decoders);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(3);
    expect(row!.c5).toBeNull();
    expect(row!.c199).toBe(199);
    expect(row!['n'.repeat(5000)]).toBe(9);
    expect(Object.keys(row!)).toHaveLength(199);
    // A shape of few columns with long names takes the same path.
    const long = ['a'.repeat(3000), 'b'.repeat(3000)];
    expect(materializeRowObjects(metadataOf(...long), content, 0, 2, [intCell, textCell])).toEqual([
      { [long[0]!]: 1, [long[1]!]: 'ann' },
      { [long[0]!]: 2, [long[1]!]: null },
    ]);
    expect(() =>
      materializeRowObjects(metadataOf(...names), cells.subarray(0, cells.length - 2), 0, 1, decoders),
    ).toThrow(/cell 199 of row 0/);
    expect(() => materializeRowObjects(metadataOf(...names), bytes(cells, [0]), 0, 1, decoders)).toThrow(
      /1 bytes after the last cell of row 0/,
    );
    const arrays = materializeRowArrays({ columnCount: 200 }, cells, 0, 1, decoders);
    expect(arrays[0]).toHaveLength(200);
    expect(arrays[0]![199]).toBe(199);
    expect(() => materializeRowArrays({ columnCount: 200 }, bytes(cells, [0]), 0, 1, decoders)).toThrow(
      /1 bytes after the last cell of row 0/,
    );
  });

  it('bounds the walker cache by size and keeps wide shapes out of it', () => {
    clearRowWalkers();
    const wide = Array.from({ length: 200 }, (_, i) => `w${i}`);
    materializeRowObjects(
      metadataOf(...wide),
      bytes(...wide.map(() => value(null))),
      0,
      1,
      wide.map(() => intCell),
    );
    expect(rowWalkerCacheChars()).toBe(0);
    for (let shape = 0; shape < 2000; shape++) {
      const names = Array.from({ length: 8 }, (_, i) => `s${shape}_${i}`.padEnd(60, '_'));
      materializeRowObjects(
        metadataOf(...names),
        Buffer.alloc(0),
        0,
        0,
        names.map(() => intCell),
      );
      expect(rowWalkerCacheChars()).toBeLessThanOrEqual(1 << 20);
    }
    expect(rowWalkerCacheChars()).toBeGreaterThan(0);
    clearRowWalkers();
    expect(rowWalkerCacheChars()).toBe(0);
  });

  it('requires column metadata and one decoder per column', () => {
    expect(() => materializeRowObjects({ columns: undefined }, content, 0, 2, [intCell, textCell])).toThrow(
      /No_metadata/,
    );
    expect(() => materializeRowObjects(metadataOf('id', 'name'), content, 0, 2, [intCell])).toThrow(
      DriverError,
    );
  });

  // Bodies large enough for the up-front size check, so the walker's own checks are exercised.
  it.each([
    ['a cell running past the end', bytes(int(10), [1, 2, 3, 4, 5, 6]), 1, /cell 0 of row 0/],
    ['a truncated length', bytes(int(2), [1, 2], [0, 0]), 1, /cell 1 of row 0/],
    ['missing rows', content, 3, /cell 0 of row 2/],
  ])('rejects %s with ProtocolDecodeError', (_label, body, rowCount, message) => {
    const decoders = [intCell, intCell];
    expect(() => materializeRowObjects(metadataOf('a', 'b'), body, 0, rowCount, decoders)).toThrow(
      ProtocolDecodeError,
    );
    expect(() => materializeRowObjects(metadataOf('a', 'b'), body, 0, rowCount, decoders)).toThrow(message);
    expect(() => materializeRowArrays({ columnCount: 2 }, body, 0, rowCount, decoders)).toThrow(message);
  });

  it('counts error offsets from the response body when it lies inside a larger buffer (origin)', () => {
    const body = bytes(int(10), [1, 2, 3, 4, 5, 6]); // cell 0 of row 0 runs past the end
    const decoders = [intCell, intCell];
    const alone = (): unknown => materializeRowObjects(metadataOf('a', 'b'), body, 0, 1, decoders);
    expect(alone).toThrow('truncated rows content: cell 0 of row 0 runs past offset 4');
    const chunk = bytes(Buffer.alloc(7, 0xee), body); // the body at offset 7 of a received chunk
    const end = chunk.length;
    expect(() => materializeRowObjects(metadataOf('a', 'b'), chunk, 7, 1, decoders, end, 7)).toThrow(
      'truncated rows content: cell 0 of row 0 runs past offset 4',
    );
    expect(() => materializeRowArrays({ columnCount: 2 }, chunk, 7, 1, decoders, end, 7)).toThrow(
      'truncated rows content: cell 0 of row 0 runs past offset 4',
    );
    expect(() =>
      materializeRowChunk('array', metadataOf('a', 'b').columns, chunk, 7, end, 0, 1, 1, decoders, 7),
    ).toThrow('truncated rows content: cell 0 of row 0 runs past offset 4');
  });

  it('rejects bytes left after the announced cells', () => {
    const trailing = bytes(content, [0xff]);
    expect(() =>
      materializeRowObjects(metadataOf('id', 'name'), trailing, 0, 2, [intCell, textCell]),
    ).toThrow(ProtocolDecodeError);
    expect(() =>
      materializeRowObjects(metadataOf('id', 'name'), trailing, 0, 2, [intCell, textCell]),
    ).toThrow('invalid rows content: 1 bytes after the last cell of row 1');
    expect(() => materializeRowArrays({ columnCount: 2 }, trailing, 0, 2, [intCell, textCell])).toThrow(
      'invalid rows content: 1 bytes after the last cell of row 1',
    );
    // One row fewer than the cells carry is the same defect.
    expect(() => materializeRowArrays({ columnCount: 2 }, content, 0, 1, [intCell, textCell])).toThrow(
      /12 bytes after the last cell of row 0/,
    );
  });

  it('does not read past the given end', () => {
    expect(() =>
      materializeRowObjects(metadataOf('id', 'name'), content, 0, 2, [intCell, textCell], 20),
    ).toThrow(ProtocolDecodeError);
  });

  it('rejects an impossible row count before allocating', () => {
    expect(() => materializeRowObjects(metadataOf('a'), content, 0, 2 ** 31 - 1, [intCell])).toThrow(
      /cannot fit/,
    );
    expect(() => materializeRowObjects(metadataOf('a'), content, 0, -1, [intCell])).toThrow(
      ProtocolDecodeError,
    );
  });

  it('rejects an invalid region', () => {
    expect(() => materializeRowObjects(metadataOf('a'), content, 5, 0, [intCell], 4)).toThrow(
      ProtocolDecodeError,
    );
    expect(() => materializeRowObjects(metadataOf('a'), content, 0, 0, [intCell], 1000)).toThrow(
      ProtocolDecodeError,
    );
  });
});

describe('materializeRowArrays', () => {
  it('builds one array per row in column order', () => {
    expect(materializeRowArrays({ columnCount: 2 }, content, 0, 2, [intCell, textCell])).toEqual([
      [1, 'ann'],
      [2, null],
    ]);
  });

  it('needs only the column count (No_metadata results)', () => {
    const rows = materializeRowArrays(
      { columnCount: 1 },
      bytes(value([0, 0, 0, 9]), value([0, 0, 0, 8])),
      0,
      2,
      [intCell],
    );
    expect(rows).toEqual([[9], [8]]);
  });

  it('checks decoders and bounds like the object form', () => {
    expect(() => materializeRowArrays({ columnCount: 2 }, content, 0, 2, [intCell])).toThrow(DriverError);
    expect(() =>
      materializeRowArrays({ columnCount: 2 }, content.subarray(0, 20), 0, 2, [intCell, textCell]),
    ).toThrow(ProtocolDecodeError);
  });
});

describe('materializeRowChunk', () => {
  // Five rows of (id int, name text): row i is (i, 'n<i>'), row 3's name null.
  const five = bytes(
    ...[0, 1, 2, 3, 4].map((i) => bytes(value([0, 0, 0, i]), value(i === 3 ? null : Buffer.from(`n${i}`)))),
  );
  const columns = metadataOf('id', 'name').columns;
  const decoders = [intCell, textCell];

  it('builds a page a few rows at a time, exactly as in one pass', () => {
    const whole = materializeRowObjects({ columns }, five, 0, 5, decoders);
    const chunks: unknown[] = [];
    let offset = 0;
    for (const [first, count] of [
      [0, 2],
      [2, 2],
      [4, 1],
    ] as const) {
      chunks.push(
        ...materializeRowChunk('object', columns, five, offset, five.length, first, count, 5, decoders),
      );
      offset = rowChunkEnd();
    }
    expect(chunks).toEqual(whole);
    expect(offset).toBe(five.length);
    const arrays = materializeRowChunk('array', columns, five, 0, five.length, 0, 5, 5, decoders);
    expect(arrays).toEqual(materializeRowArrays({ columnCount: 2 }, five, 0, 5, decoders));
  });

  it('names rows by their index in the page and checks for trailing bytes in the last chunk only', () => {
    const truncated = five.subarray(0, five.length - 2); // row 4's name cut short
    materializeRowChunk('object', columns, truncated, 0, truncated.length, 0, 4, 5, decoders);
    expect(() =>
      materializeRowChunk('object', columns, truncated, rowChunkEnd(), truncated.length, 4, 1, 5, decoders),
    ).toThrow('truncated rows content: cell 1 of row 4');
    const trailing = bytes(five, [0xff]);
    expect(
      materializeRowChunk('object', columns, trailing, 0, trailing.length, 0, 4, 5, decoders),
    ).toHaveLength(4);
    expect(() =>
      materializeRowChunk('object', columns, trailing, rowChunkEnd(), trailing.length, 4, 1, 5, decoders),
    ).toThrow('invalid rows content: 1 bytes after the last cell of row 4');
    expect(() => materializeRowChunk('object', columns, five, 0, five.length, 4, 2, 5, decoders)).toThrow(
      DriverError,
    );
  });
});
