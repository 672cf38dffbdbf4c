/**
 * Binding a prepared statement's parameters: positional arrays and named objects give the same
 * bytes; named parameters match markers exactly or case-insensitively, a missing one is unset, an
 * unknown one is an error naming the markers.
 */
import { InvalidOptionsError } from '../../src/errors';
import { EncodedValueList, type ColumnSpec, type EncodedValue } from '../../src/protocol/messages';
import { bindPrepared } from '../../src/request/value-binder';
import { parseTypeString } from '../../src/types/type-string';
import { unset, ValueEncodingError } from '../../src/types';

function variables(...specs: [string, string][]): ColumnSpec[] {
  return specs.map(([name, type]) => ({ keyspace: 'ks', table: 't', name, type: parseTypeString(type) }));
}

/** Each bound value: its bytes as hex, `null`, or `unset`. */
function decoded(values: readonly EncodedValue[] | EncodedValueList): unknown[] {
  const list = values instanceof EncodedValueList ? values : undefined;
  const n = list ? list.length : (values as readonly EncodedValue[]).length;
  return Array.from({ length: n }, (_, i) => {
    const v = list ? list.valueAt(i) : (values as readonly EncodedValue[])[i];
    return v === null || v === unset ? v : Buffer.from(v as Uint8Array).toString('hex');
  });
}

const KV = variables(['k', 'int'], ['Name', 'text'], ['blob', 'blob']);

describe('bindPrepared', () => {
  it('binds named parameters to the same bytes as positional ones', () => {
    const positional = bindPrepared(KV, [7, 'ann', Buffer.from([1, 2])], undefined);
    const named = bindPrepared(KV, { k: 7, Name: 'ann', blob: Buffer.from([1, 2]) }, undefined);
    expect(decoded(named.values)).toEqual(decoded(positional.values));
    expect(decoded(named.values)).toEqual(['00000007', '616e6e', '0102']);
    expect(named.names).toBeUndefined();
  });

  it('matches names case-insensitively when no property has the exact name', () => {
    const bound = bindPrepared(KV, { K: 1, name: 'x', BLOB: null }, undefined);
    expect(decoded(bound.values)).toEqual(['00000001', '78', null]);
  });

  it('leaves a missing or undefined named parameter unset, and sends null as null', () => {
    const bound = bindPrepared(KV, { k: 1, Name: undefined }, undefined);
    expect(decoded(bound.values)).toEqual(['00000001', unset, unset]);
    expect(decoded(bindPrepared(KV, { k: null, Name: unset }, undefined).values)).toEqual([
      null,
      unset,
      unset,
    ]);
  });

  it('gives markers with the same name the same value', () => {
    const range = variables(['k', 'int'], ['k', 'int']);
    expect(decoded(bindPrepared(range, { k: 3 }, undefined).values)).toEqual(['00000003', '00000003']);
  });

  it('rejects a property that matches no marker, naming the markers', () => {
    const call = (): unknown => bindPrepared(KV, { k: 1, nope: 2 }, undefined);
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow(
      "parameter 'nope' matches no bind marker of the statement; expected some of: k, Name, blob",
    );
  });

  it('names the marker of a value that does not encode', () => {
    const call = (): unknown => bindPrepared(KV, { k: 'not an int', Name: 'x' }, undefined);
    expect(call).toThrow(ValueEncodingError);
    expect(call).toThrow(/\bk\b/);
  });

  it('binds many calls in a row without mixing their values', () => {
    const results = Array.from({ length: 300 }, (_, i) =>
      bindPrepared(KV, { k: i, Name: `n${i}`, blob: Buffer.alloc(40, i) }, undefined),
    );
    results.forEach((bound, i) => {
      expect(decoded(bound.values)).toEqual([
        i.toString(16).padStart(8, '0'),
        Buffer.from(`n${i}`).toString('hex'),
        Buffer.alloc(40, i).toString('hex'),
      ]);
    });
  });
});
