/**
 * The routing key is the byte string the partitioner hashes ({@link murmur3Token}): for a
 * single-column partition key, the column's serialized value; for a composite partition key,
 * every component as `[short length][bytes][0x00]`, concatenated (Cassandra's `CompositeType`
 * encoding).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';

const MAX_COMPONENT_LENGTH = 0xffff;

/**
 * Builds the routing key of a partition from its serialized partition-key components.
 *
 * One component is returned as is; several are each encoded as a big-endian unsigned 16-bit
 * length, the bytes, and a 0x00 end-of-component byte.
 *
 * @param components - serialized values of the partition-key columns, in key order
 * @throws RangeError when there is no component, or a component of a composite key is longer than 65535 bytes
 *
 * @example
 * ```ts
 * // PRIMARY KEY ((tenant, id), ...)
 * const key = composeRoutingKey([Buffer.from('acme'), int32Bytes(42)]);
 * const token = murmur3Token(key);
 * ```
 */
export function composeRoutingKey(components: readonly Uint8Array[]): Buffer {
  if (components.length === 0) {
    throw new RangeError('composeRoutingKey: expected at least one partition-key component, got none');
  }
  if (components.length === 1) {
    const only = components[0]!;
    return Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  let total = 0;
  for (let i = 0; i < components.length; i++) {
    const length = components[i]!.length;
    if (length > MAX_COMPONENT_LENGTH) {
      throw new RangeError(
        `composeRoutingKey: partition-key component ${i} is ${length} bytes; ` +
          `a component of a composite key holds at most ${MAX_COMPONENT_LENGTH} bytes`,
      );
    }
    total += 2 + length + 1;
  }
  const key = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const component of components) {
    key.writeUInt16BE(component.length, offset);
    key.set(component, offset + 2);
    offset += 2 + component.length;
    key[offset++] = 0;
  }
  return key;
}
