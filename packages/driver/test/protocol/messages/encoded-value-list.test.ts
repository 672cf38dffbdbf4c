import { Consistency } from '../../../src/consistency';
import { InvalidOptionsError } from '../../../src/errors';
import { BatchMessage, BatchType } from '../../../src/protocol/messages/batch-message';
import type { EncodedValue } from '../../../src/protocol/messages/encoded-value';
import { EncodedValueListBuilder } from '../../../src/protocol/messages/encoded-value-list';
import { ExecuteMessage } from '../../../src/protocol/messages/execute-message';
import { QueryMessage } from '../../../src/protocol/messages/query-message';
import { codecFor } from '../../../src/types/codecs/codec-for';
import { unset } from '../../../src/types/unset';
import { ValueEncodingError } from '../../../src/types/value-encoding-error';
import { encode } from './wire';

const INT = codecFor({ kind: 'int' });
const TEXT = codecFor({ kind: 'text' });

function list(build: (b: EncodedValueListBuilder) => void) {
  const builder = EncodedValueListBuilder.start();
  build(builder);
  return builder.finish();
}

describe('EncodedValueList', () => {
  const values = list((b) => {
    b.add(INT, 7);
    b.addNull();
    b.add(TEXT, 'héllo');
    b.addUnset();
    b.addBytes(Buffer.from([1, 2]));
  });
  const oneByOne: EncodedValue[] = [INT.encode(7), null, TEXT.encode('héllo'), unset, Buffer.from([1, 2])];

  it('holds the values in wire form and gives each back', () => {
    expect(values.length).toBe(5);
    expect(values.hasUnset).toBe(true);
    expect(values.valueAt(0)).toEqual(Buffer.from([0, 0, 0, 7]));
    expect(values.valueAt(1)).toBeNull();
    expect(Buffer.from(values.valueAt(2) as Uint8Array).toString()).toBe('héllo');
    expect(values.valueAt(3)).toBe(unset);
    expect(values.valueAt(4)).toEqual(Buffer.from([1, 2]));
    expect(values.valueAt(5)).toBeUndefined();
    expect(values.valueAt(-1)).toBeUndefined();
  });

  it('encodes QUERY, EXECUTE and BATCH bodies exactly as the same values one by one', () => {
    for (const version of [4, 5] as const) {
      const q = (v: typeof values | typeof oneByOne) =>
        encode(new QueryMessage('Q', { consistency: Consistency.ONE, values: v }), version);
      expect(q(values)).toEqual(q(oneByOne));
      const e = (v: typeof values | typeof oneByOne) =>
        encode(
          new ExecuteMessage(Buffer.from([9]), Buffer.from([8]), { consistency: Consistency.ONE, values: v }),
          version,
        );
      expect(e(values)).toEqual(e(oneByOne));
      const b = (v: typeof values | typeof oneByOne) =>
        encode(
          new BatchMessage([{ id: Buffer.from([9]), values: v }], {
            type: BatchType.UNLOGGED,
            consistency: 1,
          }),
          version,
        );
      expect(b(values)).toEqual(b(oneByOne));
    }
  });

  it('interleaves names for named values', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const q = (v: typeof values | typeof oneByOne) =>
      encode(new QueryMessage('Q', { consistency: Consistency.ONE, values: v, names }), 4);
    expect(q(values)).toEqual(q(oneByOne));
    expect(() => q(list((b) => b.addNull()))).toThrow(InvalidOptionsError);
  });

  it('rejects unset values on protocol v3, naming the first one', () => {
    const msg = new QueryMessage('Q', { consistency: Consistency.ONE, values });
    expect(() => encode(msg, 3)).toThrow(/value #3 is unset/);
    const withoutUnset = list((b) => b.add(INT, 1));
    expect(() => encode(new QueryMessage('Q', { consistency: 1, values: withoutUnset }), 3)).not.toThrow();
  });

  it('builds independent lists after an abandoned one, and nested builders do not clash', () => {
    const abandoned = EncodedValueListBuilder.start();
    abandoned.add(INT, 1);
    expect(() => abandoned.add(INT, 'x')).toThrow(ValueEncodingError);
    abandoned.abandon();
    const outer = EncodedValueListBuilder.start();
    outer.add(INT, 1);
    const inner = list((b) => b.add(TEXT, 'inner'));
    outer.add(INT, 2);
    const first = outer.finish();
    expect(first.length).toBe(2);
    expect(first.valueAt(1)).toEqual(Buffer.from([0, 0, 0, 2]));
    expect(Buffer.from(inner.valueAt(0) as Uint8Array).toString()).toBe('inner');
    const big = list((b) => b.add(TEXT, 'x'.repeat(100_000)));
    expect((big.valueAt(0) as Uint8Array).length).toBe(100_000);
    expect(first.valueAt(0)).toEqual(Buffer.from([0, 0, 0, 1]));
  });

  it('keeps every finished list intact while later lists are built (slabs are never rewritten)', () => {
    const lists = Array.from({ length: 600 }, (_, i) =>
      list((b) => {
        b.add(INT, i);
        b.add(TEXT, `value-${i}-`.repeat((i % 50) + 1));
        if (i % 7 === 0) b.addBytes(Buffer.alloc(3000, i & 0xff)); // some lists overflow a slab's free space
      }),
    );
    // An abandoned list in between gives its space back without touching finished lists.
    const abandoned = EncodedValueListBuilder.start();
    abandoned.add(TEXT, 'z'.repeat(500));
    abandoned.abandon();
    const after = list((b) => b.add(TEXT, 'after'));
    lists.forEach((values, i) => {
      expect(values.valueAt(0)).toEqual(INT.encode(i));
      expect(Buffer.from(values.valueAt(1) as Uint8Array).toString()).toBe(
        `value-${i}-`.repeat((i % 50) + 1),
      );
      if (i % 7 === 0) expect(values.valueAt(2)).toEqual(Buffer.alloc(3000, i & 0xff));
    });
    expect(Buffer.from(after.valueAt(0) as Uint8Array).toString()).toBe('after');
  });

  it('starts every list on the slab from scratch (count and unset flag are not carried over)', () => {
    const withUnset = list((b) => {
      b.add(INT, 1);
      b.addUnset();
      b.addNull();
    });
    const plain = list((b) => b.add(INT, 2));
    expect([withUnset.length, withUnset.hasUnset, withUnset.firstUnset()]).toEqual([3, true, 1]);
    expect([plain.length, plain.hasUnset, plain.firstUnset()]).toEqual([1, false, -1]);
    expect(plain.valueAt(0)).toEqual(INT.encode(2));
    expect(withUnset.valueAt(2)).toBeNull();
  });
});
