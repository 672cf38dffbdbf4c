/**
 * What the stub answers, built once from the captured fixtures:
 * - QUERY: `system.local` / `system.peers` / `system.peers_v2` as captured, `USE ks` → Set_keyspace,
 *   any other SELECT → an empty Rows result, anything else → Void;
 * - PREPARE: the captured Prepared result of a benchmark statement (v4 or v5 form);
 * - EXECUTE: the captured result of that statement (skip-metadata honoured); the scan statement
 *   pages forever-ish (`scanRows` rows in pages of the captured 5000-row page); `blackhole` is
 *   never answered.
 */
import { ByteReader } from '../../packages/driver/src/binary/byte-reader';
import { readPreparedResult } from '../../packages/driver/src/protocol/messages';
import { Opcode } from '../../packages/driver/src/protocol/opcodes';
import { readResponsePrefix } from '../../packages/driver/src/protocol/response-prefix';
import { STATEMENT_NAMES, type StatementName } from '../lib/bench-schema';
import type { CapturedBody, CapturedFixtures } from './fixtures';
import type { ExecuteRequest } from './request-parsing';
import { buildRowsBody, type RowsParts, splitRowsBody } from './rows-body';

/** A response to send (body without prefix, envelope flags 0), or no response at all. */
export type StubReply = { readonly opcode: number; readonly body: Buffer } | null;

const INVALID = 0x2200;
const RESULT_VOID = 1;
const RESULT_SET_KEYSPACE = 3;

/** The body of an ERROR response. */
export function errorBody(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const body = Buffer.allocUnsafe(6 + text.length);
  body.writeInt32BE(code, 0);
  body.writeUInt16BE(text.length, 4);
  text.copy(body, 6);
  return body;
}

function intBody(value: number, extra: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(value, 0);
  return Buffer.concat([head, extra]);
}

function stringBytes(value: string): Buffer {
  const text = Buffer.from(value, 'utf8');
  const out = Buffer.allocUnsafe(2 + text.length);
  out.writeUInt16BE(text.length, 0);
  text.copy(out, 2);
  return out;
}

/** The body of a captured response without its prefix (warnings etc. are not replayed). */
function bareBody(captured: CapturedBody): Buffer {
  const reader = new ByteReader(captured.body);
  readResponsePrefix(reader, captured.flags);
  return captured.body.subarray(reader.offset);
}

/** An empty Rows result without columns (answers SELECTs the stub knows nothing about). */
const EMPTY_ROWS = Buffer.from([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const VOID = intBody(RESULT_VOID);

interface StatementBehaviour {
  readonly name: StatementName;
  readonly prepared: Readonly<Record<4 | 5, Buffer>>;
  readonly rows: RowsParts | undefined;
  /** Pre-built answers by skip-metadata flag (non-paged statements). */
  readonly answers: Readonly<Record<'full' | 'skip', Buffer>>;
}

/** The stub's canned answers. */
export class CannedResponses {
  private readonly supportedBody: Buffer;
  private readonly system: Readonly<Record<'local' | 'peers' | 'peersV2', Buffer>>;
  private readonly byCql = new Map<string, StatementBehaviour>();
  private readonly byId = new Map<string, StatementBehaviour>();
  private readonly scanPages: number;

  constructor(fixtures: CapturedFixtures, scanRows: number) {
    this.supportedBody = bareBody(fixtures.supported);
    this.system = {
      local: bareBody(fixtures.systemQueries.local),
      peers: bareBody(fixtures.systemQueries.peers),
      peersV2: bareBody(fixtures.systemQueries.peersV2),
    };
    for (const name of STATEMENT_NAMES) {
      const captured = fixtures.statements[name];
      const v4 = bareBody(captured.preparedV4);
      const reader = new ByteReader(v4);
      reader.readInt(); // kind Prepared
      const id = readPreparedResult(reader, 4).id.toString('hex');
      const rows = splitRowsBody(captured.result.body, captured.result.flags);
      const result = bareBody(captured.result);
      const behaviour: StatementBehaviour = {
        name,
        prepared: { 4: v4, 5: bareBody(captured.preparedV5) },
        rows,
        answers: rows
          ? { full: buildRowsBody(rows, false, undefined), skip: buildRowsBody(rows, true, undefined) }
          : { full: result, skip: result },
      };
      this.byCql.set(normalise(captured.cql), behaviour);
      this.byId.set(id, behaviour);
    }
    const pageRows = this.byCql.get(normalise(fixtures.statements.scan.cql))?.rows?.rowCount ?? 1;
    this.scanPages = Math.max(1, Math.ceil(scanRows / pageRows));
  }

  /** Body of SUPPORTED. */
  supported(): Buffer {
    return this.supportedBody;
  }

  /** Answer to a QUERY. */
  query(cql: string): StubReply {
    const use = /^\s*USE\s+"?([A-Za-z0-9_]+)"?\s*;?\s*$/i.exec(cql);
    if (use)
      return { opcode: Opcode.RESULT, body: intBody(RESULT_SET_KEYSPACE, stringBytes(use[1] as string)) };
    if (/\bfrom\s+system\.local\b/i.test(cql)) return { opcode: Opcode.RESULT, body: this.system.local };
    if (/\bfrom\s+system\.peers_v2\b/i.test(cql)) return { opcode: Opcode.RESULT, body: this.system.peersV2 };
    if (/\bfrom\s+system\.peers\b/i.test(cql)) return { opcode: Opcode.RESULT, body: this.system.peers };
    return { opcode: Opcode.RESULT, body: /^\s*SELECT\b/i.test(cql) ? EMPTY_ROWS : VOID };
  }

  /** Answer to a PREPARE. */
  prepare(cql: string, version: number): StubReply {
    const statement = this.byCql.get(normalise(cql));
    if (statement === undefined) {
      return {
        opcode: Opcode.ERROR,
        body: errorBody(INVALID, `stub server: no captured statement for ${cql}`),
      };
    }
    return { opcode: Opcode.RESULT, body: statement.prepared[version >= 5 ? 5 : 4] };
  }

  /** Answer to an EXECUTE (`null`: never answer). */
  execute(request: ExecuteRequest): StubReply {
    const statement = this.byId.get(request.idHex);
    if (statement === undefined) {
      return {
        opcode: Opcode.ERROR,
        body: errorBody(INVALID, `stub server: unknown prepared id ${request.idHex}`),
      };
    }
    if (statement.name === 'blackhole') return null;
    if (statement.name === 'scan' && statement.rows) return this.scanPage(statement.rows, request);
    return { opcode: Opcode.RESULT, body: statement.answers[request.skipMetadata ? 'skip' : 'full'] };
  }

  private scanPage(rows: RowsParts, request: ExecuteRequest): StubReply {
    const page =
      request.pagingState && request.pagingState.length === 4 ? request.pagingState.readInt32BE(0) : 0;
    let next: Buffer | undefined;
    if (page + 1 < this.scanPages) {
      next = Buffer.allocUnsafe(4);
      next.writeInt32BE(page + 1, 0);
    }
    return { opcode: Opcode.RESULT, body: buildRowsBody(rows, request.skipMetadata, next) };
  }
}

function normalise(cql: string): string {
  return cql.trim().replace(/\s+/g, ' ').replace(/;$/, '');
}
