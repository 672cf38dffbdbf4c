/**
 * The Prepared result: statement id, result metadata id (v5, or v4 with ScyllaDB's
 * `SCYLLA_USE_METADATA_ID`), bind marker metadata (with the v4+
 * partition key indexes) and result metadata.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import type { ByteReader } from '../../binary/byte-reader';
import {
  type ColumnSpec,
  readColumnSpecs,
  readRowsMetadata,
  RowsMetadataFlag,
  type RowsMetadata,
} from './rows-metadata';

/** Metadata of a prepared statement's bind markers. */
export interface BindVariablesMetadata {
  /** Raw flags (only Global_tables_spec is defined). */
  readonly flags: number;
  /** One spec per bind marker, in marker order. */
  readonly columns: readonly ColumnSpec[];
  /**
   * Protocol v4+: for each partition key column in key order, the index of the bind marker holding
   * it; empty when some partition key column is not bound by a plain marker. `undefined` on v3.
   */
  readonly partitionKeyIndexes: readonly number[] | undefined;
}

/** Result of a PREPARE. */
export interface PreparedResult {
  /** Discriminant. */
  readonly kind: 'prepared';
  /** Statement id to pass to EXECUTE and BATCH (a copy). */
  readonly id: Buffer;
  /**
   * Id of the result metadata, passed along with EXECUTE (a copy); on connections that use
   * metadata ids (v5, or v4 with `SCYLLA_USE_METADATA_ID`), else `undefined`.
   */
  readonly resultMetadataId: Buffer | undefined;
  /** Bind markers. */
  readonly variables: BindVariablesMetadata;
  /** Columns the statement returns (No_metadata and no columns for non-SELECT statements). */
  readonly resultMetadata: RowsMetadata;
}

/**
 * Reads the body of a Prepared result after its kind.
 *
 * @param metadataIds whether the connection uses result metadata ids (default: `version >= 5`)
 * @throws ProtocolDecodeError on truncated or inconsistent data (e.g. a partition key index that
 * is not a bind marker).
 */
export function readPreparedResult(
  reader: ByteReader,
  version: number,
  metadataIds = version >= 5,
): PreparedResult {
  const id = Buffer.from(reader.readShortBytes());
  const resultMetadataId = metadataIds ? Buffer.from(reader.readShortBytes()) : undefined;
  const variables = readBindVariablesMetadata(reader, version);
  const resultMetadata = readRowsMetadata(reader, version, metadataIds);
  return { kind: 'prepared', id, resultMetadataId, variables, resultMetadata };
}

function readBindVariablesMetadata(reader: ByteReader, version: number): BindVariablesMetadata {
  const flags = reader.readInt();
  const count = reader.readInt();
  if (count < 0) throw new ProtocolDecodeError(`negative bind marker count ${count} in Prepared result`);
  let partitionKeyIndexes: number[] | undefined;
  if (version >= 4) {
    const pkCount = reader.readInt();
    if (pkCount < 0 || pkCount * 2 > reader.remaining) {
      throw new ProtocolDecodeError(`invalid partition key count ${pkCount} in Prepared result`);
    }
    partitionKeyIndexes = new Array<number>(pkCount);
    for (let i = 0; i < pkCount; i++) {
      const index = reader.readShort();
      if (index >= count) {
        throw new ProtocolDecodeError(`partition key index ${index} is not one of the ${count} bind markers`);
      }
      partitionKeyIndexes[i] = index;
    }
  }
  const columns = readColumnSpecs(reader, count, (flags & RowsMetadataFlag.GLOBAL_TABLES_SPEC) !== 0);
  return { flags, columns, partitionKeyIndexes };
}
