import type { ColumnSpec, RowsResult } from '../../src/protocol/messages';
import { decodeRows, RowCursor } from '../../src/request/row-decoding';
import { codecFor } from '../../src/types';

const int = codecFor({ kind: 'int' });
const text = codecFor({ kind: 'text' });
const columns: ColumnSpec[] = [
  { keyspace: 'ks', table: 't', name: 'id', type: { kind: 'int' } },
  { keyspace: 'ks', table: 't', name: 'name', type: { kind: 'text' } },
];

/** A Rows result of `count` rows (id i, name `n<i>`), after 3 bytes of something else. */
function page(count: number): RowsResult {
  const cells: Buffer[] = [Buffer.from([9, 9, 9])];
  for (let i = 0; i < count; i++) {
    for (const encoded of [int.encode(i), text.encode(`n${i}`)]) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(encoded.length);
      cells.push(length, encoded);
    }
  }
  const body = Buffer.concat(cells);
  return {
    kind: 'rows',
    metadata: {} as RowsResult['metadata'],
    rowCount: count,
    body,
    bodyStart: 0,
    rowsOffset: 3,
    rowsEnd: body.length,
  };
}

describe('RowCursor', () => {
  it.each(['object', 'array'] as const)(
    'hands out the rows of a page in chunks, as decodeRows would (%s rows)',
    (shape) => {
      const result = page(150);
      const cursor = new RowCursor<unknown>(result, columns, shape, undefined);
      const sizes: number[] = [];
      const rows: unknown[] = [];
      for (let chunk = cursor.take(); chunk !== undefined; chunk = cursor.take()) {
        sizes.push(chunk.length);
        rows.push(...chunk);
      }
      expect(sizes).toEqual([64, 64, 22]);
      expect(rows).toEqual(decodeRows(result, columns, shape, undefined));
      expect(cursor.take()).toBeUndefined();
    },
  );

  it('has nothing to hand out for an empty page', () => {
    expect(new RowCursor(page(0), columns, 'object', undefined).take()).toBeUndefined();
  });
});

describe('decodeRows', () => {
  it('decodes each page with its own columns and codec options, however calls alternate', () => {
    const bigintColumns: ColumnSpec[] = [{ keyspace: 'ks', table: 't', name: 'n', type: { kind: 'bigint' } }];
    const encoded = codecFor({ kind: 'bigint' }).encode(7n);
    const length = Buffer.alloc(4);
    length.writeInt32BE(encoded.length);
    const body = Buffer.concat([length, encoded]);
    const result: RowsResult = {
      kind: 'rows',
      metadata: {} as RowsResult['metadata'],
      rowCount: 1,
      body,
      bodyStart: 0,
      rowsOffset: 0,
      rowsEnd: body.length,
    };
    const asBigint = { int64As: 'bigint' } as const;
    const asLong = { int64As: 'long' } as const;
    for (let i = 0; i < 3; i++) {
      expect(decodeRows<{ n: unknown }>(result, bigintColumns, 'object', asBigint)[0]!.n).toBe(7n);
      expect(String(decodeRows<{ n: unknown }>(result, bigintColumns, 'object', asLong)[0]!.n)).toBe('7');
      expect(typeof decodeRows<{ n: unknown }>(result, bigintColumns, 'object', asLong)[0]!.n).toBe('object');
      expect(decodeRows<{ id: number }>(page(1), columns, 'object', asBigint)[0]).toEqual({
        id: 0,
        name: 'n0',
      });
    }
  });
});
