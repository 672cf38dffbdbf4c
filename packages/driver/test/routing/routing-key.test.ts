import { composeRoutingKey } from '../../src/routing/murmur3-routing-key';
import { EncodedValueListBuilder, type EncodedValue } from '../../src/protocol/messages';
import type { PreparedStatement } from '../../src/request/prepared-statement';
import { preparedRoutingKey } from '../../src/routing/routing-key';
import { codecFor, unset } from '../../src/types';

/** Only the partition-key indexes matter to the routing key. */
function statement(partitionKeyIndexes: number[] | undefined): PreparedStatement {
  return { partitionKeyIndexes } as unknown as PreparedStatement;
}

const int = codecFor({ kind: 'int' });
const text = codecFor({ kind: 'text' });

/** tenant text, id int, note text — serialized together as the binder does for positional values. */
function list(tenant: unknown, id: unknown, note: unknown) {
  const builder = EncodedValueListBuilder.start();
  for (const [codec, value] of [
    [text, tenant],
    [int, id],
    [text, note],
  ] as const) {
    if (value === null) builder.addNull();
    else if (value === unset) builder.addUnset();
    else builder.add(codec, value);
  }
  return builder.finish();
}

describe('preparedRoutingKey', () => {
  it('is the serialized value itself for a single-column partition key, from a list or an array', () => {
    const values = list('acme', 42, 'x');
    expect(Buffer.from(preparedRoutingKey(statement([1]), values)!)).toEqual(int.encode(42));
    const array: EncodedValue[] = [text.encode('acme'), int.encode(42)];
    expect(Buffer.from(preparedRoutingKey(statement([0]), array)!)).toEqual(Buffer.from('acme'));
  });

  it('composes a composite partition key in key order, whatever the marker order', () => {
    const key = preparedRoutingKey(statement([1, 0]), list('acme', 42, 'x'));
    expect(Buffer.from(key!)).toEqual(composeRoutingKey([int.encode(42), Buffer.from('acme')]));
  });

  it('is undefined without partition-key indexes, or when a key column is null or unset', () => {
    expect(preparedRoutingKey(statement(undefined), list('acme', 42, 'x'))).toBeUndefined();
    expect(preparedRoutingKey(statement([]), list('acme', 42, 'x'))).toBeUndefined();
    expect(preparedRoutingKey(statement([1]), list('acme', null, 'x'))).toBeUndefined();
    expect(preparedRoutingKey(statement([0, 1]), list('acme', unset, 'x'))).toBeUndefined();
    expect(preparedRoutingKey(statement([0]), [null])).toBeUndefined();
  });
});
