/**
 * EVENT bodies pushed by the server on registered connections: topology, status and schema
 * changes.
 *
 * @packageDocumentation
 */
import { ProtocolDecodeError } from '../../errors';
import type { ByteReader } from '../../binary/byte-reader';
import { readSchemaChange, type SchemaChange } from './schema-change';

/** A node joined, left or moved in the ring. */
export interface TopologyChangeEvent {
  /** Discriminant. */
  readonly type: 'TOPOLOGY_CHANGE';
  /** NEW_NODE, REMOVED_NODE or MOVED_NODE. */
  readonly change: 'NEW_NODE' | 'REMOVED_NODE' | 'MOVED_NODE';
  /** The node's native transport address. */
  readonly address: string;
  /** The node's native transport port. */
  readonly port: number;
}

/** A node went up or down. UP may come before the node accepts connections: wait ~1 s. */
export interface StatusChangeEvent {
  /** Discriminant. */
  readonly type: 'STATUS_CHANGE';
  /** UP or DOWN. */
  readonly change: 'UP' | 'DOWN';
  /** The node's native transport address. */
  readonly address: string;
  /** The node's native transport port. */
  readonly port: number;
}

/** The schema changed. */
export interface SchemaChangeEvent {
  /** Discriminant. */
  readonly type: 'SCHEMA_CHANGE';
  /** What changed. */
  readonly schemaChange: SchemaChange;
}

/** A decoded EVENT body, discriminated by `type`. */
export type ProtocolEvent = TopologyChangeEvent | StatusChangeEvent | SchemaChangeEvent;

/**
 * Decodes an EVENT body (the reader positioned after the response prefix).
 *
 * @throws ProtocolDecodeError on an unknown event or change type, or truncated data.
 */
export function decodeEventBody(reader: ByteReader): ProtocolEvent {
  const type = reader.readString();
  switch (type) {
    case 'TOPOLOGY_CHANGE': {
      const change = reader.readString();
      if (change !== 'NEW_NODE' && change !== 'REMOVED_NODE' && change !== 'MOVED_NODE') {
        throw new ProtocolDecodeError(`unknown TOPOLOGY_CHANGE type '${change}'`);
      }
      const { address, port } = reader.readInet();
      return { type, change, address, port };
    }
    case 'STATUS_CHANGE': {
      const change = reader.readString();
      if (change !== 'UP' && change !== 'DOWN') {
        throw new ProtocolDecodeError(`unknown STATUS_CHANGE type '${change}'`);
      }
      const { address, port } = reader.readInet();
      return { type, change, address, port };
    }
    case 'SCHEMA_CHANGE':
      return { type, schemaChange: readSchemaChange(reader) };
    default:
      throw new ProtocolDecodeError(`unknown event type '${type}'`);
  }
}
