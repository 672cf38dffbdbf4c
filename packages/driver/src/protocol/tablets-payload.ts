/**
 * The `tablets-routing-v1` custom payload entry a ScyllaDB node attaches to a result when the
 * request reached a node or shard that does not own the partition's tablet: the tablet's token
 * range and its replicas, as a CQL `tuple<bigint, bigint, list<tuple<uuid, int>>>`.
 *
 * Decoding (for the driver) and encoding (for the simulated cluster of `@cqlkit/driver/testing`);
 * never holds the tablet map (see `routing/tablet-map.ts`).
 *
 * @packageDocumentation
 */

import { Buffer } from 'node:buffer';
import { ByteReader } from '../binary/byte-reader';
import { ByteWriter } from '../binary/byte-writer';
import { ProtocolDecodeError } from '../errors';
import { parseUuidBytes, Uuid } from '../types/values/uuid';

/** One replica of a tablet: a node (by host id) and the shard of it that holds the data. */
export interface TabletReplica {
  /** Host id of the node (UUID string, lowercase). */
  readonly hostId: string;
  /** Shard of the node. */
  readonly shard: number;
}

/** A tablet: the token range `(firstToken, lastToken]` and its replicas, in the server's order. */
export interface TabletRouting {
  /** Exclusive lower bound of the range. */
  readonly firstToken: bigint;
  /** Inclusive upper bound of the range. */
  readonly lastToken: bigint;
  /** The replicas (at least one). */
  readonly replicas: readonly TabletReplica[];
}

const UUID_LENGTH = 16;
const REPLICA_LENGTH = 4 + UUID_LENGTH + 4 + 4; // [bytes uuid][bytes int]

/**
 * Decodes a `tablets-routing-v1` value.
 *
 * @throws ProtocolDecodeError when the value is malformed, its range is empty (`last ≤ first`),
 *   it lists no replica, or a shard is negative
 * @example
 * ```ts
 * const tablet = decodeTabletsRoutingV1(payload.get('tablets-routing-v1')!);
 * tablet.replicas[0]; // { hostId: '…', shard: 2 }
 * ```
 */
export function decodeTabletsRoutingV1(value: Uint8Array): TabletRouting {
  const reader = new ByteReader(
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  );
  try {
    const firstToken = readBigintElement(reader, 'first token');
    const lastToken = readBigintElement(reader, 'last token');
    const list = elementReader(reader, 'replica list');
    const count = list.readInt();
    if (count <= 0) throw new ProtocolDecodeError(`tablets-routing-v1: ${count} replicas`);
    if (count * (4 + REPLICA_LENGTH) > list.remaining) {
      throw new ProtocolDecodeError(
        `tablets-routing-v1: ${count} replicas do not fit in ${list.remaining} bytes`,
      );
    }
    const replicas: TabletReplica[] = [];
    for (let i = 0; i < count; i++) {
      const tuple = elementReader(list, `replica ${i}`);
      const id = elementReader(tuple, `host id of replica ${i}`);
      if (id.remaining !== UUID_LENGTH) {
        throw new ProtocolDecodeError(`tablets-routing-v1: host id of replica ${i} is ${id.remaining} bytes`);
      }
      const hostId = Uuid.fromBytes(id.readUuidBytes()).toString();
      const shardBytes = elementReader(tuple, `shard of replica ${i}`);
      const shard = shardBytes.readInt();
      if (shard < 0) throw new ProtocolDecodeError(`tablets-routing-v1: negative shard ${shard}`);
      replicas.push({ hostId, shard });
    }
    if (lastToken <= firstToken) {
      throw new ProtocolDecodeError(`tablets-routing-v1: empty token range (${firstToken}, ${lastToken}]`);
    }
    return { firstToken, lastToken, replicas };
  } catch (error) {
    if (error instanceof ProtocolDecodeError) throw error;
    throw new ProtocolDecodeError(`tablets-routing-v1: malformed value (${String(error)})`, { cause: error });
  }
}

/**
 * Encodes a tablet as a `tablets-routing-v1` value.
 *
 * @example
 * ```ts
 * const value = encodeTabletsRoutingV1({ firstToken: -10n, lastToken: 10n, replicas: [{ hostId, shard: 1 }] });
 * ```
 */
export function encodeTabletsRoutingV1(tablet: TabletRouting): Buffer {
  const w = new ByteWriter(64 + tablet.replicas.length * (4 + REPLICA_LENGTH));
  w.writeInt(8).writeLong(tablet.firstToken);
  w.writeInt(8).writeLong(tablet.lastToken);
  w.writeInt(4 + tablet.replicas.length * (4 + REPLICA_LENGTH)).writeInt(tablet.replicas.length);
  for (const replica of tablet.replicas) {
    w.writeInt(REPLICA_LENGTH);
    w.writeInt(UUID_LENGTH).writeRaw(parseUuidBytes(replica.hostId));
    w.writeInt(4).writeInt(replica.shard);
  }
  return Buffer.from(w.finish());
}

/** A reader over the next `[bytes]` element (a non-null one). */
function elementReader(reader: ByteReader, what: string): ByteReader {
  const bytes = reader.readBytes();
  if (bytes === null) throw new ProtocolDecodeError(`tablets-routing-v1: ${what} is null`);
  return new ByteReader(bytes);
}

function readBigintElement(reader: ByteReader, what: string): bigint {
  const element = elementReader(reader, what);
  if (element.remaining !== 8) {
    throw new ProtocolDecodeError(`tablets-routing-v1: ${what} is ${element.remaining} bytes, not 8`);
  }
  return element.readLong();
}
