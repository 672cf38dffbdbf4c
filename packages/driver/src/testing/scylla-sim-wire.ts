import { Buffer } from 'node:buffer';
import { ByteReader } from '../binary/byte-reader';
import { ByteWriter } from '../binary/byte-writer';
import { ErrorCode } from '../errors';
import { QueryFlag } from '../protocol/messages/query-parameters';
import {
  readColumnSpecs,
  readRowsMetadata,
  RowsMetadataFlag,
  type ColumnSpec,
} from '../protocol/messages/rows-metadata';
import { ResultKind } from '../protocol/messages/result-message';
import { EnvelopeFlag } from '../protocol/opcodes';
import { readResponsePrefix } from '../protocol/response-prefix';

/**
 * Wire surgery for the simulated ScyllaDB cluster: reading what it needs from requests (STARTUP
 * options, statement ids, bound values, query text) and rewriting responses (SUPPORTED entries,
 * PREPARED flags, addresses in system tables, custom payloads), plus the bodies it forges. Pure
 * functions over bodies; never holds connection state or the cluster model.
 *
 * @packageDocumentation
 */

/** Type ids of `[option]` used by forged results. */
const TYPE_INT = 0x0009;
const TYPE_VARCHAR = 0x000d;

/** Offset of the message body after the prefix the flags announce. */
export function bodyStart(body: Buffer, flags: number): number {
  const reader = new ByteReader(body);
  readResponsePrefix(reader, flags);
  return reader.offset;
}

/** A request body's reader positioned after its custom payload (if flagged). */
export function requestReader(body: Buffer, flags: number): ByteReader {
  const reader = new ByteReader(body);
  if (flags & EnvelopeFlag.CUSTOM_PAYLOAD) reader.readBytesMap();
  return reader;
}

/** `[string multimap]`. */
export function encodeStringMultimap(map: ReadonlyMap<string, readonly string[]>): Buffer {
  const w = new ByteWriter(256);
  w.writeShort(map.size);
  for (const [key, values] of map) w.writeString(key).writeStringList(values);
  return Buffer.from(w.finish());
}

/** An ERROR body with a code and message (no code-specific fields). */
export function errorBody(code: number, message: string, extra?: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter(64 + message.length);
  w.writeInt(code).writeString(message);
  extra?.(w);
  return Buffer.from(w.finish());
}

/** ScyllaDB's rate-limit ERROR body: `[int code][string msg][byte op_type][byte rejected_by_coordinator]`. */
export function rateLimitErrorBody(code: number, opType: 'read' | 'write', byCoordinator: boolean): Buffer {
  return errorBody(code, 'Per-partition rate limit reached', (w) =>
    w.writeByte(opType === 'read' ? 0 : 1).writeByte(byCoordinator ? 1 : 0),
  );
}

/** What ScyllaDB sends without the rate-limit extension: a configuration error. */
export function rateLimitFallbackBody(): Buffer {
  return errorBody(ErrorCode.CONFIG_ERROR, 'Per-partition rate limit reached');
}

/** The parts of an EXECUTE the simulator reads. */
export interface ExecuteRequest {
  /** Statement id. */
  readonly id: Buffer;
  /** Bound values by position; `undefined` when named or absent. */
  readonly values: readonly (Buffer | null)[] | undefined;
}

/**
 * Reads an EXECUTE body: `[short bytes] id`, on v5 (and v4 with metadata ids) the `[short bytes]`
 * result metadata id, then the parameters.
 */
export function readExecute(
  body: Buffer,
  flags: number,
  version: number,
  hasMetadataId: boolean,
): ExecuteRequest {
  const reader = requestReader(body, flags);
  const id = Buffer.from(reader.readShortBytes());
  if (version >= 5 || hasMetadataId) reader.readShortBytes();
  return { id, values: readParameterValues(reader, version) };
}

/** The CQL text of a QUERY body. */
export function readQueryText(body: Buffer, flags: number): string {
  return requestReader(body, flags).readLongString();
}

/** A ScyllaDB duration literal (`2000ms`, `1s`, `1h30m`). */
const DURATION = String.raw`\d+[a-z]+(?:\d+[a-z]+)*`;
const USING_TIMEOUT_ONLY = new RegExp(
  String.raw`\s+USING\s+TIMEOUT\s+${DURATION}(?=\s*;?\s*$|\s+(?!AND\b))`,
  'gi',
);
const USING_TIMEOUT_AND = new RegExp(String.raw`\bUSING\s+TIMEOUT\s+${DURATION}\s+AND\s+`, 'gi');
const AND_TIMEOUT = new RegExp(String.raw`\s+AND\s+TIMEOUT\s+${DURATION}`, 'gi');

/**
 * The statement without ScyllaDB's `USING TIMEOUT <duration>` clause (a CQL extension Apache
 * Cassandra rejects), in its three forms: alone, before `AND TTL …`, after `USING TTL … AND`.
 * Bind markers as timeouts are left alone.
 *
 * @example
 * ```ts
 * withoutUsingTimeout("SELECT * FROM system.local WHERE key='local' USING TIMEOUT 2000ms");
 * // "SELECT * FROM system.local WHERE key='local'"
 * ```
 */
export function withoutUsingTimeout(cql: string): string {
  if (!/\bTIMEOUT\b/i.test(cql)) return cql;
  return cql.replace(USING_TIMEOUT_AND, 'USING ').replace(AND_TIMEOUT, '').replace(USING_TIMEOUT_ONLY, '');
}

/**
 * A QUERY or PREPARE body whose leading `[long string]` (after the custom payload) is replaced by
 * `text`.
 */
export function withStatementText(body: Buffer, flags: number, text: string): Buffer {
  const reader = requestReader(body, flags);
  const start = reader.offset;
  reader.readLongString();
  const w = new ByteWriter(body.length + 16);
  w.writeRaw(body.subarray(0, start)).writeLongString(text).writeRaw(body.subarray(reader.offset));
  return Buffer.from(w.finish());
}

/** The CQL text of a PREPARE body. */
export function readPrepareText(body: Buffer, flags: number): string {
  return requestReader(body, flags).readLongString();
}

/**
 * Whether a CQL statement is conditional (a lightweight transaction): an INSERT, UPDATE or
 * DELETE with an `IF` clause, outside string literals, quoted names and comments.
 */
export function isConditionalStatement(cql: string): boolean {
  const bare = cql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(--|\/\/)[^\n]*/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  return /^\s*(INSERT|UPDATE|DELETE)\b/i.test(bare) && /\bIF\b/i.test(bare);
}

/** The first prepared statement of a BATCH, with its values. */
export function readFirstBatchStatement(body: Buffer, flags: number): ExecuteRequest | undefined {
  const reader = requestReader(body, flags);
  reader.readByte();
  const count = reader.readShort();
  for (let i = 0; i < count; i++) {
    const kind = reader.readByte();
    const id = kind === 1 ? Buffer.from(reader.readShortBytes()) : undefined;
    if (kind !== 1) reader.readLongString();
    const n = reader.readShort();
    const values: (Buffer | null)[] = [];
    for (let v = 0; v < n; v++) values.push(readValue(reader));
    if (id !== undefined) return { id, values };
  }
  return undefined;
}

/** `<query_parameters>` values by position (`undefined` with named values or none). */
function readParameterValues(reader: ByteReader, version: number): (Buffer | null)[] | undefined {
  reader.readShort(); // consistency
  const flags = version >= 5 ? reader.readInt() : reader.readByte();
  if (!(flags & QueryFlag.VALUES) || flags & QueryFlag.WITH_NAMES_FOR_VALUES) return undefined;
  const n = reader.readShort();
  const values: (Buffer | null)[] = [];
  for (let i = 0; i < n; i++) values.push(readValue(reader));
  return values;
}

/** `[value]`: null and unset (−1, −2) both read as null. */
function readValue(reader: ByteReader): Buffer | null {
  const length = reader.buf.readInt32BE(reader.offset);
  if (length < 0) {
    reader.readInt();
    return null;
  }
  return reader.readBytes();
}

/** What the simulator learns from a PREPARED result. */
export interface PreparedInfo {
  readonly id: Buffer;
  /** Keyspace and table of the statement (from its bind markers or result columns). */
  readonly keyspace: string | undefined;
  readonly table: string | undefined;
  /** Partition-key indexes of the bind markers (v4+). */
  readonly partitionKeyIndexes: readonly number[];
  /** A conditional statement (an INSERT, UPDATE or DELETE with an `IF`). */
  readonly conditional: boolean;
  /** Offset, in the body, of the bind markers' `[int] flags` (where the LWT mark goes). */
  readonly flagsOffset: number;
}

/** Reads a RESULT body if it is PREPARED (`undefined` for other kinds). */
export function readPrepared(
  body: Buffer,
  start: number,
  version: number,
  query: string | undefined,
): PreparedInfo | undefined {
  const reader = new ByteReader(body);
  reader.offset = start;
  if (reader.readInt() !== ResultKind.PREPARED) return undefined;
  const id = Buffer.from(reader.readShortBytes());
  if (version >= 5) reader.readShortBytes();
  const flagsOffset = reader.offset;
  const variables = readRowsLikeBindMetadata(reader, version);
  const result = readRowsMetadata(reader, version);
  const first: ColumnSpec | undefined = variables.columns[0] ?? result.columns?.[0];
  return {
    id,
    keyspace: first?.keyspace,
    table: first?.table,
    partitionKeyIndexes: variables.pk,
    conditional:
      (query !== undefined && isConditionalStatement(query)) ||
      (result.columns ?? []).some((c) => c.name === '[applied]'),
    flagsOffset,
  };
}

/** Bind-marker metadata: `[int flags][int n]` (v4: `[int pk count][short]…`) then the specs. */
export function readRowsLikeBindMetadata(
  reader: ByteReader,
  version: number,
): { columns: readonly ColumnSpec[]; pk: number[] } {
  const flags = reader.readInt();
  const count = reader.readInt();
  const pk: number[] = [];
  if (version >= 4) {
    const pkCount = reader.readInt();
    for (let i = 0; i < pkCount; i++) pk.push(reader.readShort());
  }
  return { columns: readColumnSpecs(reader, count, (flags & RowsMetadataFlag.GLOBAL_TABLES_SPEC) !== 0), pk };
}

/** A copy of `body` with `mask` set in the `[int]` at `offset`. */
export function withFlagBits(body: Buffer, offset: number, mask: number): Buffer {
  const copy = Buffer.from(body);
  copy.writeUInt32BE((copy.readUInt32BE(offset) | mask) >>> 0, offset);
  return copy;
}

/**
 * Rewrites, in a ROWS result of `system.local` / `system.peers` / `system.peers_v2`, every
 * 4-byte `inet` cell found in `addresses` (real node → simulated node). `undefined` when the
 * body is not such a result or nothing changed.
 */
export function rewriteSystemAddresses(
  body: Buffer,
  start: number,
  version: number,
  addresses: ReadonlyMap<string, Buffer>,
): Buffer | undefined {
  const reader = new ByteReader(body);
  reader.offset = start;
  if (reader.readInt() !== ResultKind.ROWS) return undefined;
  const metadata = readRowsMetadata(reader, version);
  const columns = metadata.columns;
  const first = columns?.[0];
  if (columns === undefined || first === undefined || first.keyspace !== 'system') return undefined;
  if (first.table !== 'local' && first.table !== 'peers' && first.table !== 'peers_v2') return undefined;
  const inet = columns.map((c) => c.type.kind === 'inet');
  if (!inet.includes(true)) return undefined;
  const rows = reader.readInt();
  let copy: Buffer | undefined;
  let offset = reader.offset;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) {
      const length = body.readInt32BE(offset);
      offset += 4;
      if (length <= 0) continue;
      if (inet[c] && length === 4) {
        const replacement = addresses.get(body.subarray(offset, offset + 4).join('.'));
        if (replacement !== undefined) {
          copy ??= Buffer.from(body);
          replacement.copy(copy, offset);
        }
      }
      offset += length;
    }
  }
  return copy;
}

/**
 * Rewrites the `[inet]` (address and port) of a TOPOLOGY_CHANGE or STATUS_CHANGE event body;
 * `undefined` for other events or unknown addresses.
 */
export function rewriteEventAddress(
  body: Buffer,
  flags: number,
  addresses: ReadonlyMap<string, { readonly address: Buffer; readonly port: number }>,
): Buffer | undefined {
  const reader = new ByteReader(body);
  readResponsePrefix(reader, flags);
  const type = reader.readString();
  if (type !== 'TOPOLOGY_CHANGE' && type !== 'STATUS_CHANGE') return undefined;
  reader.readString();
  const size = reader.readByte();
  if (size !== 4) return undefined;
  const at = reader.offset;
  const target = addresses.get(body.subarray(at, at + 4).join('.'));
  if (target === undefined) return undefined;
  const copy = Buffer.from(body);
  target.address.copy(copy, at);
  copy.writeInt32BE(target.port, at + 4);
  return copy;
}

/** The RESULT kind of a body (after its prefix). */
export function resultKind(body: Buffer, start: number): number {
  return body.readInt32BE(start);
}

/**
 * A copy of a response body with `entries` added to its custom payload (created after the tracing
 * id and warnings when absent), and the flags to send with it.
 */
export function withCustomPayload(
  body: Buffer,
  flags: number,
  entries: ReadonlyMap<string, Buffer>,
): { flags: number; body: Buffer } {
  const reader = new ByteReader(body);
  if (flags & EnvelopeFlag.TRACING) reader.readUuidBytes();
  if (flags & EnvelopeFlag.WARNING) reader.readStringList();
  const payloadStart = reader.offset;
  const existing =
    flags & EnvelopeFlag.CUSTOM_PAYLOAD ? reader.readBytesMap() : new Map<string, Buffer | null>();
  for (const [key, value] of entries) existing.set(key, value);
  const w = new ByteWriter(body.length + 64);
  w.writeRaw(body.subarray(0, payloadStart));
  w.writeBytesMap(existing);
  w.writeRaw(body.subarray(reader.offset));
  return { flags: flags | EnvelopeFlag.CUSTOM_PAYLOAD, body: Buffer.from(w.finish()) };
}

/** A column of a forged ROWS result. */
export interface ForgedColumn {
  readonly name: string;
  readonly type: 'text' | 'int';
}

/** A ROWS result of one table (global table spec), cells given as text / int / null. */
export function rowsResultBody(
  keyspace: string,
  table: string,
  columns: readonly ForgedColumn[],
  rows: readonly (readonly (string | number | null)[])[],
): Buffer {
  const w = new ByteWriter(256);
  w.writeInt(ResultKind.ROWS).writeInt(0x0001).writeInt(columns.length);
  w.writeString(keyspace).writeString(table);
  for (const column of columns)
    w.writeString(column.name).writeShort(column.type === 'int' ? TYPE_INT : TYPE_VARCHAR);
  w.writeInt(rows.length);
  for (const row of rows) {
    row.forEach((cell) => {
      if (cell === null) w.writeInt(-1);
      else if (typeof cell === 'number') w.writeInt(4).writeInt(cell);
      else w.writeBytes(Buffer.from(cell, 'utf8'));
    });
  }
  return Buffer.from(w.finish());
}
