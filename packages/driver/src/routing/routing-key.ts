/**
 * Routing information of statements: the keyspace and the routing key (serialized partition key)
 * that token-aware load balancing uses to send a request to a replica first.
 *
 * @packageDocumentation
 */

import { Buffer } from 'node:buffer';
import { int32At } from '../binary/byte-reader';
import { murmur3TokenOfRange } from './murmur3';
import { composeRoutingKey } from './murmur3-routing-key';
import { type EncodedValue, EncodedValueList } from '../protocol/messages';
import type { PreparedStatement } from '../request/prepared-statement';

/**
 * The routing key of a prepared statement's execution: the bound values at the statement's
 * partition-key indexes, composed as Cassandra composes composite keys. `undefined` when the
 * server gave no indexes (protocol v3, or a partition key not fully bound by markers), or a
 * partition-key value is null or unset.
 *
 * @internal
 */
export function preparedRoutingKey(
  statement: PreparedStatement,
  values: readonly EncodedValue[] | EncodedValueList,
): Uint8Array | undefined {
  const indexes = statement.partitionKeyIndexes;
  if (indexes === undefined || indexes.length === 0) return undefined;
  if (indexes.length === 1) {
    // The common single-column partition key: the value's bytes are the key.
    const index = indexes[0] as number;
    const value = values instanceof EncodedValueList ? values.valueAt(index) : values[index];
    if (!(value instanceof Uint8Array)) return undefined;
    return Buffer.isBuffer(value) ? value : composeRoutingKey([value]);
  }
  const components: Uint8Array[] = [];
  for (const index of indexes) {
    const value = values instanceof EncodedValueList ? values.valueAt(index) : values[index];
    if (!(value instanceof Uint8Array)) return undefined;
    components.push(value);
  }
  try {
    return composeRoutingKey(components);
  } catch {
    return undefined; // a component too long for a composite key: route without it
  }
}

/**
 * The token of a prepared statement's execution when its routing key is one bound value of an
 * encoded list (a single-column partition key, the common case): hashed where the value lies, with
 * no view of it. `null` when the key is anything else (composite, values not in one list, a null
 * or unset value): then hash {@link preparedRoutingKey}.
 *
 * @internal
 */
export function singleValueToken(
  statement: PreparedStatement,
  values: readonly EncodedValue[] | EncodedValueList,
): bigint | null {
  const indexes = statement.partitionKeyIndexes;
  if (indexes === undefined || indexes.length !== 1 || !(values instanceof EncodedValueList)) return null;
  const index = indexes[0] as number;
  if (!(index >= 0 && index < values.length)) return null;
  const at = values.startOf(index);
  const source = values.source;
  const length = int32At(source, at);
  return length < 0 ? null : murmur3TokenOfRange(source, at + 4, at + 4 + length);
}

/**
 * The keyspace a prepared statement's table lives in, from its bind-marker metadata (the session
 * keyspace may differ from it).
 *
 * @internal
 */
export function preparedKeyspace(statement: PreparedStatement): string | undefined {
  const first = statement.variables[0] ?? statement.resultColumns[0];
  return first?.keyspace || statement.keyspace;
}

/**
 * The routing key given by the `routingKey` option: one serialized partition key, or the
 * components of a composite one (validated by the options).
 *
 * @internal
 */
export function explicitRoutingKey(
  key: Uint8Array | readonly Uint8Array[] | undefined,
): Uint8Array | undefined {
  if (key === undefined) return undefined;
  if (key instanceof Uint8Array) return key;
  return composeRoutingKey(key);
}
