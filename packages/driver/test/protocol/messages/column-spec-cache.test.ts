import { ProtocolDecodeError } from '../../../src/errors';
import { ByteReader } from '../../../src/binary/byte-reader';
import { clearColumnSpecCache, columnSpecCacheBytes } from '../../../src/protocol/messages/column-spec-cache';
import { readColumnSpecs, readRowsMetadata } from '../../../src/protocol/messages/rows-metadata';
import { bytes, int, short, str, T, value } from './wire';

function globalSpecs(table: string, ...columns: Array<[string, Buffer]>): Buffer {
  return bytes(str('ks'), str(table), ...columns.flatMap(([name, type]) => [str(name), type]));
}

function read(section: Buffer, count: number, global = true, trailer = Buffer.from([1, 2, 3])) {
  const reader = new ByteReader(bytes(section, trailer));
  const columns = readColumnSpecs(reader, count, global);
  return { columns, offset: reader.offset };
}

beforeEach(() => clearColumnSpecCache());

describe('column spec reuse', () => {
  const section = globalSpecs('users', ['id', T.int], ['name', T.text]);

  it('returns the same frozen specs for an identical section and consumes exactly its bytes', () => {
    const first = read(section, 2);
    const second = read(section, 2, true, Buffer.from([9, 9, 9, 9, 9]));
    expect(second.columns).toBe(first.columns);
    expect(first.offset).toBe(section.length);
    expect(second.offset).toBe(section.length);
    expect(first.columns).toEqual([
      { keyspace: 'ks', table: 'users', name: 'id', type: { kind: 'int' } },
      { keyspace: 'ks', table: 'users', name: 'name', type: { kind: 'text' } },
    ]);
    expect(Object.isFrozen(first.columns)).toBe(true);
    expect(Object.isFrozen(first.columns[0])).toBe(true);
    expect(Object.isFrozen(first.columns[0]!.type)).toBe(true);
  });

  it('decodes sections that differ by one byte, or by count, separately', () => {
    const renamed = globalSpecs('users', ['id', T.int], ['nume', T.text]);
    const retyped = globalSpecs('users', ['id', T.int], ['name', short(0x000a)]);
    const a = read(section, 2).columns;
    const b = read(renamed, 2).columns;
    const c = read(retyped, 2).columns;
    expect(b).not.toBe(a);
    expect(b[1]!.name).toBe('nume');
    expect(c).not.toBe(a);
    expect(c[1]!.type).toEqual({ kind: 'text' }); // varchar is text
    // The first spec alone is a prefix of the cached section: a count of 1 must not match it.
    const one = read(globalSpecs('users', ['id', T.int]), 1);
    expect(one.columns).toHaveLength(1);
    expect(read(section, 2).columns).toBe(a);
  });

  it('does not match a cached section longer than what is left to read', () => {
    read(section, 2);
    const truncated = new ByteReader(section.subarray(0, section.length - 1));
    expect(() => readColumnSpecs(truncated, 2, true)).toThrow(ProtocolDecodeError);
  });

  it('handles sections without a global table spec and nested types', () => {
    const mapType = bytes(short(0x0021), T.text, bytes(short(0x0022), T.int));
    const perColumn = bytes(
      str('ks'),
      str('t'),
      str('m'),
      mapType,
      str('ks'),
      str('t'),
      str('b'),
      short(0x0003),
    );
    const first = read(perColumn, 2, false);
    const second = read(perColumn, 2, false);
    expect(second.columns).toBe(first.columns);
    expect(first.columns[0]!.type).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'set', element: { kind: 'int' } },
    });
    expect(Object.isFrozen((first.columns[0]!.type as { value: object }).value)).toBe(true);
  });

  it('makes Rows metadata of repeated responses share one column list', () => {
    const metadata = bytes(int(0x0001), int(2), section, int(0));
    const a = readRowsMetadata(new ByteReader(metadata), 4);
    const b = readRowsMetadata(new ByteReader(metadata), 4);
    expect(a.columns).toBeDefined();
    expect(b.columns).toBe(a.columns);
  });

  it('checks the section matched last byte for byte: one differing in its last byte is its own', () => {
    const last = globalSpecs('users', ['id', T.int], ['name', T.text]);
    const retyped = bytes(last.subarray(0, last.length - 1), 0x0e); // text (0x000d) → varint (0x000e)
    const a = read(last, 2).columns;
    expect(read(last, 2).columns).toBe(a); // the last hit
    const b = read(retyped, 2).columns;
    expect(b).not.toBe(a);
    expect(b[1]!.type).toEqual({ kind: 'varint' });
    expect(read(last, 2).columns).toBe(a); // found again by its key, then the last hit again
    expect(read(retyped, 2).columns).toBe(b);
    // Shorter input than the last hit's section: not matched (and then too short to decode).
    expect(() => readColumnSpecs(new ByteReader(retyped.subarray(0, retyped.length - 1)), 2, true)).toThrow(
      ProtocolDecodeError,
    );
    // Same bytes, other count or flag: not the last hit.
    expect(read(globalSpecs('users', ['id', T.int]), 1).columns).toHaveLength(1);
  });

  it('forgets the section matched last when emptied', () => {
    const a = read(section, 2).columns;
    clearColumnSpecCache();
    const b = read(section, 2).columns;
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
  });

  it('shares the Rows metadata of consecutive plain answers, never one with a paging state', () => {
    const plain = bytes(int(0x0001), int(2), section, int(0));
    const a = readRowsMetadata(new ByteReader(plain), 4);
    const b = readRowsMetadata(new ByteReader(plain), 4);
    expect(b).toBe(a);
    expect(b).toEqual({
      flags: 1,
      columnCount: 2,
      hasMorePages: false,
      pagingState: undefined,
      newMetadataId: undefined,
      columns: a.columns,
    });
    const paged = bytes(int(0x0003), int(2), value([7, 7]), section, int(0));
    const p = readRowsMetadata(new ByteReader(paged), 4);
    expect(p).not.toBe(a);
    expect(p.hasMorePages).toBe(true);
    expect(p.pagingState).toEqual(Buffer.from([7, 7]));
    expect(p.columns).toBe(a.columns);
    // Other columns, then the first ones again: each answer gets its own columns.
    const other = bytes(int(0x0001), int(1), globalSpecs('other', ['x', T.int]), int(0));
    expect(readRowsMetadata(new ByteReader(other), 4).columns!.map((c) => c.name)).toEqual(['x']);
    const c = readRowsMetadata(new ByteReader(plain), 4);
    expect(c.columns).toBe(a.columns);
    expect(c.hasMorePages).toBe(false);
    // Same columns, other flags (Has_more_pages without a state): not the shared object.
    const noState = readRowsMetadata(
      new ByteReader(bytes(int(0x0003), int(2), value(null), section, int(0))),
      4,
    );
    expect(noState.hasMorePages).toBe(true);
    expect(noState.pagingState).toBeUndefined();
    expect(readRowsMetadata(new ByteReader(plain), 4).hasMorePages).toBe(false);
  });

  it('is bounded by bytes and keeps no section of a very wide result', () => {
    const wide = globalSpecs(
      'wide',
      ...Array.from({ length: 200 }, (_, i): [string, Buffer] => [`c${i}`.padEnd(400, 'x'), T.int]),
    );
    const first = read(wide, 200).columns;
    expect(columnSpecCacheBytes()).toBe(0);
    expect(read(wide, 200).columns).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (let table = 0; table < 400; table++) {
      const columns = Array.from({ length: 40 }, (_, i): [string, Buffer] => [
        `c${i}`.padEnd(200, 'y'),
        T.int,
      ]);
      read(globalSpecs(`t${table}`, ...columns), 40);
      expect(columnSpecCacheBytes()).toBeLessThanOrEqual(2 << 20);
    }
    expect(columnSpecCacheBytes()).toBeGreaterThan(0);
    clearColumnSpecCache();
    expect(columnSpecCacheBytes()).toBe(0);
  });

  it('returns an empty list for zero columns, skipping the global table spec', () => {
    const reader = new ByteReader(bytes(str('ks'), str('t'), int(7)));
    expect(readColumnSpecs(reader, 0, true)).toEqual([]);
    expect(reader.readInt()).toBe(7);
  });
});
