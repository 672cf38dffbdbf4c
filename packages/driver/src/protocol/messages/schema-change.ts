/**
 * The schema change description shared by Schema_change results and SCHEMA_CHANGE events.
 *
 * @packageDocumentation
 */
import { ProtocolDecodeError } from '../../errors';
import type { ByteReader } from '../../binary/byte-reader';

/** What happened to the schema element. */
export type SchemaChangeType = 'CREATED' | 'UPDATED' | 'DROPPED';

/** A keyspace was created, altered or dropped. */
export interface KeyspaceSchemaChange {
  /** Created, updated or dropped. */
  readonly change: SchemaChangeType;
  /** Discriminant. */
  readonly target: 'KEYSPACE';
  /** The keyspace. */
  readonly keyspace: string;
}

/** A table (or an index or view on it) or a user type changed. */
export interface TableOrTypeSchemaChange {
  /** Created, updated or dropped. */
  readonly change: SchemaChangeType;
  /** Discriminant: a table (indexes and views count as table changes) or a user type. */
  readonly target: 'TABLE' | 'TYPE';
  /** Keyspace holding the element. */
  readonly keyspace: string;
  /** Table or type name. */
  readonly name: string;
}

/** A user-defined function or aggregate changed (protocol v4+). */
export interface FunctionSchemaChange {
  /** Created, updated or dropped. */
  readonly change: SchemaChangeType;
  /** Discriminant. */
  readonly target: 'FUNCTION' | 'AGGREGATE';
  /** Keyspace holding the element. */
  readonly keyspace: string;
  /** Function or aggregate name. */
  readonly name: string;
  /** Argument types as CQL type strings, identifying the overload. */
  readonly argTypes: readonly string[];
}

/** A schema change, discriminated by `target`. */
export type SchemaChange = KeyspaceSchemaChange | TableOrTypeSchemaChange | FunctionSchemaChange;

/**
 * Reads `<change_type><target><options>`.
 *
 * @throws ProtocolDecodeError on an unknown change type or target, or truncated data.
 */
export function readSchemaChange(reader: ByteReader): SchemaChange {
  const change = reader.readString();
  if (change !== 'CREATED' && change !== 'UPDATED' && change !== 'DROPPED') {
    throw new ProtocolDecodeError(`unknown schema change type '${change}'`);
  }
  const target = reader.readString();
  const keyspace = reader.readString();
  switch (target) {
    case 'KEYSPACE':
      return { change, target, keyspace };
    case 'TABLE':
    case 'TYPE':
      return { change, target, keyspace, name: reader.readString() };
    case 'FUNCTION':
    case 'AGGREGATE': {
      const name = reader.readString();
      return { change, target, keyspace, name, argTypes: reader.readStringList() };
    }
    default:
      throw new ProtocolDecodeError(`unknown schema change target '${target}'`);
  }
}
