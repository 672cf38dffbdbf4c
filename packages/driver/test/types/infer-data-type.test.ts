import Long from 'long';
import { codecFor } from '../../src/types/codecs/codec-for';
import type { UdtDataType } from '../../src/types/data-type';
import { inferDataType, resolveTypeHint } from '../../src/types/infer-data-type';
import { TypeParseError } from '../../src/types/type-parse-error';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { BigDecimal } from '../../src/types/values/big-decimal';
import { Duration } from '../../src/types/values/duration';
import { InetAddress } from '../../src/types/values/inet-address';
import { LocalDate } from '../../src/types/values/local-date';
import { LocalTime } from '../../src/types/values/local-time';
import { TimeUuid } from '../../src/types/values/time-uuid';
import { Tuple } from '../../src/types/values/tuple';
import { Uuid } from '../../src/types/values/uuid';
import { caught } from './codec-helpers';

describe('inferDataType', () => {
  it.each<[string, unknown, string]>([
    ['integral number', 42, 'double'],
    ['fractional number', 1.5, 'double'],
    ['bigint', 5n, 'bigint'],
    ['Long', Long.fromInt(5), 'bigint'],
    ['string', 'a', 'text'],
    ['boolean', false, 'boolean'],
    ['Date', new Date(), 'timestamp'],
    ['Buffer', Buffer.from([1]), 'blob'],
    ['Uint8Array', new Uint8Array(1), 'blob'],
    ['Uuid', Uuid.random(), 'uuid'],
    ['TimeUuid', TimeUuid.now(), 'timeuuid'],
    ['LocalDate', new LocalDate(0), 'date'],
    ['LocalTime', new LocalTime(0n), 'time'],
    ['Duration', new Duration(1, 0, 0n), 'duration'],
    ['InetAddress', InetAddress.parse('::1'), 'inet'],
    ['BigDecimal', BigDecimal.parse('1.5'), 'decimal'],
    ['null', null, 'blob'],
    ['undefined', undefined, 'blob'],
  ])('maps a %s', (_label, value, kind) => {
    expect(inferDataType(value)).toEqual({ kind });
  });

  it('infers collections, tuples and vectors from their contents', () => {
    expect(inferDataType([null, 'a'])).toEqual({ kind: 'list', element: { kind: 'text' } });
    expect(inferDataType([])).toEqual({ kind: 'list', element: { kind: 'blob' } });
    expect(inferDataType(new Set([1n]))).toEqual({ kind: 'set', element: { kind: 'bigint' } });
    expect(inferDataType(new Map([['a', [1n]]]))).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'list', element: { kind: 'bigint' } },
    });
    expect(
      inferDataType(
        new Map([
          [1, null],
          [2, 'x'],
        ]),
      ),
    ).toEqual({
      kind: 'map',
      key: { kind: 'double' },
      value: { kind: 'text' },
    });
    expect(inferDataType(new Tuple(1, 'a', null))).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'double' }, { kind: 'text' }, { kind: 'blob' }],
    });
    expect(inferDataType(new Float32Array(4))).toEqual({
      kind: 'vector',
      element: { kind: 'float' },
      dimension: 4,
    });
  });

  it('produces types whose codecs encode the value', () => {
    for (const value of [
      [1, 2],
      new Map([['k', new Set(['v'])]]),
      new Tuple(1n, null),
      new Float32Array([1, 2]),
    ]) {
      expect(() => codecFor(inferDataType(value)).encode(value)).not.toThrow();
    }
  });

  it('uses a hint instead, as a DataType or CQL text', () => {
    expect(inferDataType(42, 'int')).toEqual({ kind: 'int' });
    expect(inferDataType(42, { kind: 'smallint' })).toEqual({ kind: 'smallint' });
    expect(inferDataType({}, 'map<text, frozen<list<int>>>')).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'list', element: { kind: 'int' }, frozen: true },
    });
    const address: UdtDataType = { kind: 'udt', keyspace: 'ks', name: 'address', fields: [] };
    expect(inferDataType({}, 'frozen<address>', () => address)).toEqual({ ...address, frozen: true });
    expect(resolveTypeHint('set<int>')).toEqual({ kind: 'set', element: { kind: 'int' } });
    expect(() => resolveTypeHint('address')).toThrow(TypeParseError);
  });

  it('explains values it cannot type, with their location', () => {
    const err = caught(() => inferDataType({ street: 'x' }));
    expect(err).toBeInstanceOf(ValueEncodingError);
    expect(err.message).toMatch(
      /got object: its CQL type cannot be inferred; pass a type hint .* or use a prepared statement/,
    );
    expect(caught(() => inferDataType([null, { a: 1 }])).path).toBe('[1]');
    expect(caught(() => inferDataType(new Map([['k', { a: 1 }]]))).path).toBe('["k"]');
    expect(caught(() => inferDataType(new Tuple(1, () => 2))).path).toBe('[1]');
    expect(() => inferDataType(Symbol('x'))).toThrow(ValueEncodingError);
  });
});
