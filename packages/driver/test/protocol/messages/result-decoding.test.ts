import { ProtocolDecodeError } from '../../../src/errors';
import { ByteReader } from '../../../src/binary/byte-reader';
import { decodeResultBody, type ResultMessage } from '../../../src/protocol/messages/result-message';
import { type CellDecoder, materializeRowArrays } from '../../../src/protocol/messages/row-materializer';
import { bytes, int, str, short, shortBytes, strList, T, value } from './wire';

function decode(body: Buffer, version = 4, metadataIds?: boolean): ResultMessage {
  return decodeResultBody(new ByteReader(body), version, metadataIds);
}

function asKind<K extends ResultMessage['kind']>(
  r: ResultMessage,
  kind: K,
): Extract<ResultMessage, { kind: K }> {
  expect(r.kind).toBe(kind);
  return r as Extract<ResultMessage, { kind: K }>;
}

const VECTOR_CLASS =
  'org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType , 3)';

describe('decodeResultBody', () => {
  it('decodes Void', () => {
    expect(decode(int(1))).toEqual({ kind: 'void' });
  });

  it('decodes Set_keyspace', () => {
    expect(decode(bytes(int(3), str('app')))).toEqual({ kind: 'setKeyspace', keyspace: 'app' });
  });

  describe('Rows', () => {
    const rowsContent = bytes(
      value([0, 0, 0, 1]),
      value(Buffer.from('ann')),
      value([0, 0, 0, 2]),
      value(null),
    );

    it('reads a global table spec, column types, the paging state and locates the rows', () => {
      const head = bytes(
        int(2),
        int(0x0001 | 0x0002),
        int(2),
        value([0xaa, 0xbb]),
        str('ks'),
        str('users'),
        str('id'),
        T.int,
        str('name'),
        T.text,
        int(2),
      );
      const body = bytes(head, rowsContent);
      const rows = asKind(decode(body), 'rows');
      expect(rows.metadata).toEqual({
        flags: 3,
        columnCount: 2,
        hasMorePages: true,
        pagingState: Buffer.from([0xaa, 0xbb]),
        newMetadataId: undefined,
        columns: [
          { keyspace: 'ks', table: 'users', name: 'id', type: { kind: 'int' } },
          { keyspace: 'ks', table: 'users', name: 'name', type: { kind: 'text' } },
        ],
      });
      expect(rows.rowCount).toBe(2);
      expect(rows.body).toBe(body);
      expect(rows.rowsOffset).toBe(head.length);
      expect(rows.rowsEnd).toBe(body.length);
    });

    it('copies the paging state out of the body', () => {
      const body = bytes(int(2), int(0x0006), int(1), value([1, 2, 3]), int(0));
      const rows = asKind(decode(body), 'rows');
      body.fill(0);
      expect(rows.metadata.pagingState).toEqual(Buffer.from([1, 2, 3]));
    });

    it('reads per-column keyspace and table without a global table spec, and nested and custom types', () => {
      const body = bytes(
        int(2),
        int(0),
        int(3),
        str('ks1'),
        str('a'),
        str('tags'),
        short(0x0020),
        T.int,
        str('ks2'),
        str('b'),
        str('embedding'),
        short(0x0000),
        str(VECTOR_CLASS),
        str('ks2'),
        str('b'),
        str('m'),
        short(0x0021),
        T.text,
        T.uuid,
        int(0),
      );
      const rows = asKind(decode(body), 'rows');
      expect(rows.metadata.hasMorePages).toBe(false);
      expect(rows.metadata.pagingState).toBeUndefined();
      expect(rows.metadata.columns).toEqual([
        { keyspace: 'ks1', table: 'a', name: 'tags', type: { kind: 'list', element: { kind: 'int' } } },
        {
          keyspace: 'ks2',
          table: 'b',
          name: 'embedding',
          type: { kind: 'vector', element: { kind: 'float' }, dimension: 3 },
        },
        {
          keyspace: 'ks2',
          table: 'b',
          name: 'm',
          type: { kind: 'map', key: { kind: 'text' }, value: { kind: 'uuid' } },
        },
      ]);
      expect(rows.rowCount).toBe(0);
      expect(rows.rowsOffset).toBe(body.length);
    });

    it('reads No_metadata results: column count and paging state only', () => {
      const head = bytes(int(2), int(0x0004 | 0x0002), int(2), value([9]), int(2));
      const rows = asKind(decode(bytes(head, rowsContent)), 'rows');
      expect(rows.metadata.columns).toBeUndefined();
      expect(rows.metadata.columnCount).toBe(2);
      expect(rows.metadata.pagingState).toEqual(Buffer.from([9]));
      expect(rows.rowsOffset).toBe(head.length);
    });

    const metadataChanged = bytes(
      int(2),
      int(0x0001 | 0x0002 | 0x0008),
      int(1),
      value([7]),
      shortBytes([0xee, 0xff]),
      str('ks'),
      str('t'),
      str('v'),
      T.bigint,
      int(0),
    );

    it.each([
      ['on v5', 5, undefined],
      ['on v4 when the connection uses metadata ids (SCYLLA_USE_METADATA_ID)', 4, true],
    ])(
      'reads new_metadata_id after the paging state when Metadata_changed is set, %s',
      (_label, version, ids) => {
        const rows = asKind(decode(metadataChanged, version, ids), 'rows');
        expect(rows.metadata.newMetadataId).toEqual(Buffer.from([0xee, 0xff]));
        expect(rows.metadata.pagingState).toEqual(Buffer.from([7]));
        expect(rows.metadata.columns).toEqual([
          { keyspace: 'ks', table: 't', name: 'v', type: { kind: 'bigint' } },
        ]);
      },
    );

    it('reads no new_metadata_id on v4 without metadata ids (Apache Cassandra)', () => {
      // The flag carries no id there: the same bytes do not parse as those columns.
      expect(() => decode(metadataChanged, 4)).toThrow(ProtocolDecodeError);
    });

    it('leaves the rows content, trailing bytes included, to the row walker (which rejects them)', () => {
      const body = bytes(int(2), int(0x0005), int(1), int(1), value([1]), [0xff, 0xff]);
      const rows = asKind(decode(body), 'rows');
      expect(rows.rowsEnd).toBe(body.length);
      const decodeByte: CellDecoder = (b, o) => b[o];
      expect(() =>
        materializeRowArrays(
          rows.metadata,
          rows.body,
          rows.rowsOffset,
          rows.rowCount,
          [decodeByte],
          rows.rowsEnd,
        ),
      ).toThrow(/2 bytes after the last cell of row 0/);
    });

    it('rejects bytes after an empty rows content', () => {
      expect(() => decode(bytes(int(2), int(0x0004), int(1), int(0), [0xff]))).toThrow(ProtocolDecodeError);
      expect(() => decode(bytes(int(2), int(0x0004), int(1), int(0), [0xff]))).toThrow(
        /1 bytes after the announced 0 rows/,
      );
    });

    it.each([
      ['a negative column count', bytes(int(2), int(0), int(-1))],
      ['more columns than bytes', bytes(int(2), int(1), int(1000), str('ks'), str('t'))],
      ['a negative row count', bytes(int(2), int(4), int(1), int(-5))],
      ['more rows than bytes', bytes(int(2), int(4), int(2), int(0x7fffffff), value([1]))],
      ['rows without columns', bytes(int(2), int(4), int(0), int(3))],
      ['a truncated column spec', bytes(int(2), int(1), int(1), str('ks'), str('t'), str('c'), [0x00])],
      [
        'an unknown type id',
        bytes(int(2), int(1), int(1), str('ks'), str('t'), str('c'), short(0x0099), int(0)),
      ],
    ])('rejects %s with ProtocolDecodeError', (_label, body) => {
      expect(() => decode(body)).toThrow(ProtocolDecodeError);
    });
  });

  describe('Prepared', () => {
    const bindSpecs = bytes(str('ks'), str('t'), str('k'), T.int, str('c'), T.text);
    const noResult = bytes(int(0x0004), int(0));
    const selectResult = bytes(int(0x0001), int(1), str('ks'), str('t'), str('v'), T.bigint);

    it('reads v3 bind metadata without partition key indexes', () => {
      const body = bytes(int(4), shortBytes([1, 2, 3]), int(0x0001), int(2), bindSpecs, noResult);
      const prepared = asKind(decode(body, 3), 'prepared');
      expect(prepared.id).toEqual(Buffer.from([1, 2, 3]));
      expect(prepared.resultMetadataId).toBeUndefined();
      expect(prepared.variables).toEqual({
        flags: 1,
        partitionKeyIndexes: undefined,
        columns: [
          { keyspace: 'ks', table: 't', name: 'k', type: { kind: 'int' } },
          { keyspace: 'ks', table: 't', name: 'c', type: { kind: 'text' } },
        ],
      });
      expect(prepared.resultMetadata.columns).toBeUndefined();
      expect(prepared.resultMetadata.columnCount).toBe(0);
    });

    it('reads v4 partition key indexes and the result metadata', () => {
      const body = bytes(
        int(4),
        shortBytes([9]),
        int(0x0001),
        int(2),
        int(2),
        short(1),
        short(0),
        bindSpecs,
        selectResult,
      );
      const prepared = asKind(decode(body, 4), 'prepared');
      expect(prepared.variables.partitionKeyIndexes).toEqual([1, 0]);
      expect(prepared.resultMetadata.columns).toEqual([
        { keyspace: 'ks', table: 't', name: 'v', type: { kind: 'bigint' } },
      ]);
    });

    /** A Prepared body with result_metadata_id [5, 6, 7] (or without any). */
    const preparedBody = (metadataId: number[] | undefined): Buffer =>
      bytes(
        int(4),
        shortBytes([9, 9]),
        metadataId === undefined ? [] : shortBytes(metadataId),
        int(0x0001),
        int(2),
        int(1),
        short(0),
        bindSpecs,
        selectResult,
      );

    it('reads the v5 result_metadata_id right after the id', () => {
      const prepared = asKind(decode(preparedBody([5, 6, 7]), 5), 'prepared');
      expect(prepared.id).toEqual(Buffer.from([9, 9]));
      expect(prepared.resultMetadataId).toEqual(Buffer.from([5, 6, 7]));
      expect(prepared.variables.partitionKeyIndexes).toEqual([0]);
      expect(prepared.resultMetadata.columnCount).toBe(1);
    });

    it('reads result_metadata_id on v4 when the connection uses metadata ids (SCYLLA_USE_METADATA_ID)', () => {
      const prepared = asKind(decode(preparedBody([5, 6, 7]), 4, true), 'prepared');
      expect(prepared.id).toEqual(Buffer.from([9, 9]));
      expect(prepared.resultMetadataId).toEqual(Buffer.from([5, 6, 7]));
      expect(prepared.variables.partitionKeyIndexes).toEqual([0]);
      expect(prepared.resultMetadata.columns).toEqual([
        { keyspace: 'ks', table: 't', name: 'v', type: { kind: 'bigint' } },
      ]);
      expect(asKind(decode(preparedBody(undefined), 4), 'prepared').resultMetadataId).toBeUndefined();
    });

    it('reads per-column specs of bind markers without a global table spec', () => {
      const body = bytes(
        int(4),
        shortBytes([1]),
        int(0),
        int(1),
        int(0),
        str('a'),
        str('b'),
        str('x'),
        T.uuid,
        noResult,
      );
      const prepared = asKind(decode(body, 4), 'prepared');
      expect(prepared.variables.columns).toEqual([
        { keyspace: 'a', table: 'b', name: 'x', type: { kind: 'uuid' } },
      ]);
      expect(prepared.variables.partitionKeyIndexes).toEqual([]);
    });

    it.each([
      [
        'a partition key index past the markers',
        bytes(int(4), shortBytes([1]), int(1), int(2), int(1), short(2), bindSpecs, noResult),
      ],
      [
        'an absurd partition key count',
        bytes(int(4), shortBytes([1]), int(1), int(2), int(0x7fffffff), short(0)),
      ],
      ['a negative marker count', bytes(int(4), shortBytes([1]), int(1), int(-2), int(0))],
    ])('rejects %s', (_label, body) => {
      expect(() => decode(body, 4)).toThrow(ProtocolDecodeError);
    });
  });

  describe('Schema_change', () => {
    it.each([
      [
        bytes(str('CREATED'), str('KEYSPACE'), str('ks')),
        { change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks' },
      ],
      [
        bytes(str('UPDATED'), str('TABLE'), str('ks'), str('t')),
        { change: 'UPDATED', target: 'TABLE', keyspace: 'ks', name: 't' },
      ],
      [
        bytes(str('DROPPED'), str('TYPE'), str('ks'), str('addr')),
        { change: 'DROPPED', target: 'TYPE', keyspace: 'ks', name: 'addr' },
      ],
      [
        bytes(str('CREATED'), str('FUNCTION'), str('ks'), str('f'), strList(['int', 'text'])),
        { change: 'CREATED', target: 'FUNCTION', keyspace: 'ks', name: 'f', argTypes: ['int', 'text'] },
      ],
      [
        bytes(str('DROPPED'), str('AGGREGATE'), str('ks'), str('avg2'), strList([])),
        { change: 'DROPPED', target: 'AGGREGATE', keyspace: 'ks', name: 'avg2', argTypes: [] },
      ],
    ])('decodes %#', (payload, schemaChange) => {
      expect(decode(bytes(int(5), payload))).toEqual({ kind: 'schemaChange', schemaChange });
    });

    it('rejects an unknown target or change type', () => {
      expect(() => decode(bytes(int(5), str('CREATED'), str('INDEX'), str('ks')))).toThrow(
        ProtocolDecodeError,
      );
      expect(() => decode(bytes(int(5), str('RENAMED'), str('TABLE'), str('ks'), str('t')))).toThrow(
        "unknown schema change type 'RENAMED'",
      );
    });
  });

  it('rejects an unknown kind', () => {
    expect(() => decode(int(6))).toThrow('unknown RESULT kind 0x6');
    expect(() => decode(int(-1))).toThrow('unknown RESULT kind 0xffffffff');
  });

  it('rejects an empty body', () => {
    expect(() => decode(Buffer.alloc(0))).toThrow(ProtocolDecodeError);
  });
});
